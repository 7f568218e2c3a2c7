package dev.camelredis.testservice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost: PEM files for redis-server and a PKCS12 truststore for Java clients.
 * The JDK has no public API to create certificates, hence its keytool.
 */
final class TlsMaterial {

    private static final String ALIAS = "redis";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path certificatePem;
    private final Path privateKeyPem;
    private final Path trustStore;
    private final String trustStorePassword;

    private TlsMaterial(Path certificatePem, Path privateKeyPem, Path trustStore, String trustStorePassword) {
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
    }

    /** Generates a new key pair and certificate and writes all files into {@code dir}. */
    static TlsMaterial generate(Path dir) {
        try {
            Files.createDirectories(dir);
            String password = randomPassword();
            Path keyStoreFile = dir.resolve("keystore.p12");
            runKeytool(keyStoreFile, password);

            KeyStore keyStore = load(keyStoreFile, password);
            Certificate certificate = keyStore.getCertificate(ALIAS);
            Key privateKey = keyStore.getKey(ALIAS, password.toCharArray());

            Path certificatePem = writePem(dir.resolve("cert.pem"), "CERTIFICATE", certificate.getEncoded());
            // A PKCS12 private key encodes as PKCS#8, which OpenSSL reads as "PRIVATE KEY".
            Path privateKeyPem = writePem(dir.resolve("key.pem"), "PRIVATE KEY", privateKey.getEncoded());

            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry(ALIAS, certificate);
            Path trustStoreFile = dir.resolve("truststore.p12");
            try (OutputStream out = Files.newOutputStream(trustStoreFile)) {
                trustStore.store(out, password.toCharArray());
            }
            return new TlsMaterial(certificatePem, privateKeyPem, trustStoreFile, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate TLS material in " + dir + ": " + e, e);
        }
    }

    Path certificatePem() {
        return certificatePem;
    }

    Path privateKeyPem() {
        return privateKeyPem;
    }

    Path trustStore() {
        return trustStore;
    }

    String trustStorePassword() {
        return trustStorePassword;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void runKeytool(Path keyStoreFile, String password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3", "-storetype", "PKCS12",
                "-keystore", keyStoreFile.toString(), "-storepass", password, "-keypass", password);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // keytool prints at most a few lines, which fit the pipe buffer: wait first, read after.
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(keytool + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + keytool, e);
        }
        if (process.exitValue() != 0) {
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new IOException(keytool + " failed with exit code " + process.exitValue() + ": " + output.strip());
        }
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, password.toCharArray());
        }
        return keyStore;
    }

    private static Path writePem(Path file, String type, byte[] der) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }
}
