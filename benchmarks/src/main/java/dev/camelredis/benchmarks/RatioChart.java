package dev.camelredis.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import javax.imageio.ImageIO;

/**
 * Draws the throughput ratios as a horizontal bar chart (PNG, Java2D, no display needed): one bar per row, 1.0 is the
 * row's own hand-written baseline (named by its number in the table), a dashed mark on the row shows its target.
 */
final class RatioChart {

    private static final int WIDTH = 1250;
    private static final int LABEL_WIDTH = 560;
    private static final int BARS_LEFT = LABEL_WIDTH + 20;
    private static final int BARS_RIGHT = WIDTH - 170;
    private static final int TOP = 70;
    private static final int BAR_HEIGHT = 22;
    private static final int ROW_HEIGHT = 32;
    private static final int SECTION_HEADER = 30;
    private static final int LEGEND = 60;

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color REFERENCE_LINE = new Color(0x77, 0x77, 0x77);
    private static final Color TARGET = new Color(0xd6, 0x27, 0x28);
    private static final Map<Scenario.Subject, Color> COLORS = Map.of(
            Scenario.Subject.HAND_WRITTEN, new Color(0x9e, 0x9e, 0x9e),
            Scenario.Subject.COMPONENT, new Color(0x1f, 0x77, 0xb4),
            Scenario.Subject.PEER_LIBRARY, new Color(0x2c, 0xa0, 0x2c));

    private RatioChart() {
    }

    static void write(Path file, BenchmarkResults results) throws IOException {
        BufferedImage image = draw(results);
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("No PNG writer in this JVM");
        }
    }

    static BufferedImage draw(BenchmarkResults results) {
        List<ThroughputResult> rows = results.throughput();
        List<Scenario.Section> sections = rows.stream().map(ThroughputResult::section).distinct().toList();
        int height = TOP + sections.size() * SECTION_HEADER + rows.size() * ROW_HEIGHT + LEGEND;
        double scale = rows.stream().map(results::ratioToBaseline).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max().orElse(1) * 1.1;
        scale = Math.max(scale, 1.2);

        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH, height);

            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("Throughput relative to each row's hand-written Jedis baseline (1.0)", 20, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(String.format("median of %d repetitions of %,d entries, %d cores shared with Redis, %s",
                    results.settings().repetitions(), results.settings().entries(), results.environment().cores(),
                    results.environment().date()), 20, 52);

            int y = TOP;
            for (Scenario.Section section : sections) {
                List<ThroughputResult> sectionRows = rows.stream().filter(row -> row.section() == section).toList();
                g.setColor(TEXT);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
                g.drawString(section.label(), 20, y + 20);
                y += SECTION_HEADER;
                int sectionBottom = y + sectionRows.size() * ROW_HEIGHT;
                // lines first: bars and their labels are drawn over them
                drawLine(g, 1.0, y, sectionBottom, scale, REFERENCE_LINE, new BasicStroke(1f), "1.0");
                for (ThroughputResult row : sectionRows) {
                    drawRow(g, results, row, y, scale);
                    y += ROW_HEIGHT;
                }
            }
            drawLegend(g, height - LEGEND + 25);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawRow(Graphics2D g, BenchmarkResults results, ThroughputResult row, int y, double scale) {
        OptionalDouble ratio = results.ratioToBaseline(row);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(TEXT);
        String label = "#" + results.rowNumber(row.name()) + " " + row.name()
                       + (row.baseline() == null ? "" : " (vs #" + results.rowNumber(row.baseline()) + ")");
        g.drawString(fit(g, label, LABEL_WIDTH - 30), 30, y + BAR_HEIGHT - 6);
        if (ratio.isEmpty()) {
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
            g.drawString(ResultsTable.NOT_SUPPORTED, BARS_LEFT + 6, y + BAR_HEIGHT - 6);
            return;
        }
        int barEnd = x(ratio.getAsDouble(), scale);
        g.setColor(COLORS.get(row.subject()));
        g.fillRect(BARS_LEFT, y, Math.max(1, barEnd - BARS_LEFT), BAR_HEIGHT);
        String value = String.format("%.2f  (%,.0f/s)", ratio.getAsDouble(), row.median());
        g.setColor(BACKGROUND);
        g.fillRect(barEnd + 3, y + 2, g.getFontMetrics().stringWidth(value) + 6, BAR_HEIGHT - 4);
        g.setColor(TEXT);
        g.drawString(value, barEnd + 6, y + BAR_HEIGHT - 6);
        if (!Double.isNaN(row.goal())) {
            int x = x(row.goal(), scale);
            Stroke previous = g.getStroke();
            g.setColor(TARGET);
            g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
            g.drawLine(x, y - 3, x, y + BAR_HEIGHT + 3);
            g.setStroke(previous);
        }
    }

    private static void drawLine(Graphics2D g, double ratio, int top, int bottom, double scale, Color color,
                                 Stroke stroke, String label) {
        int x = x(ratio, scale);
        Stroke previous = g.getStroke();
        g.setColor(color);
        g.setStroke(stroke);
        g.drawLine(x, top - 4, x, bottom - ROW_HEIGHT + BAR_HEIGHT + 4);
        g.setStroke(previous);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top - 6);
    }

    private static void drawLegend(Graphics2D g, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = 30;
        for (Scenario.Subject subject : Scenario.Subject.values()) {
            String label = switch (subject) {
                case HAND_WRITTEN -> "hand-written Jedis (baseline)";
                case COMPONENT -> "camel redis-streams component";
                case PEER_LIBRARY -> "Spring Data Redis";
            };
            g.setColor(COLORS.get(subject));
            g.fillRect(x, y - 12, 14, 14);
            g.setColor(TEXT);
            g.drawString(label, x + 20, y);
            x += 20 + g.getFontMetrics().stringWidth(label) + 40;
        }
        g.setColor(TARGET);
        g.fillRect(x + 6, y - 14, 3, 18);
        g.setColor(TEXT);
        g.drawString("target of the row", x + 20, y);
    }

    private static int x(double ratio, double scale) {
        return BARS_LEFT + (int) Math.round(ratio / scale * (BARS_RIGHT - BARS_LEFT));
    }

    /** Shortens a label that would run into the bars. */
    private static String fit(Graphics2D g, String text, int width) {
        if (g.getFontMetrics().stringWidth(text) <= width) {
            return text;
        }
        String shortened = text;
        while (shortened.length() > 1 && g.getFontMetrics().stringWidth(shortened + "...") > width) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "...";
    }
}
