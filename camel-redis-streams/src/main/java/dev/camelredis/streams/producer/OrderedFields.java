package dev.camelredis.streams.producer;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The fields of one entry, in the order they were put, as the Map Jedis' XADD takes. A List body turns into many of
 * them, and all Jedis does with one is iterate it once: so its fields sit side by side in an array, where a hash map
 * would hash every byte[] name by identity and allocate a node per field. Names are not looked up: a name put twice is sent
 * twice (Redis keeps both).
 */
final class OrderedFields extends AbstractMap<byte[], byte[]> {

    /** Name, value, name, value, ... */
    private byte[][] namesAndValues;
    private int size;

    OrderedFields(int expectedFields) {
        namesAndValues = new byte[Math.max(1, expectedFields) * 2][];
    }

    /** Adds the field after the others. */
    @Override
    public byte[] put(byte[] name, byte[] value) {
        if (size * 2 == namesAndValues.length) {
            namesAndValues = Arrays.copyOf(namesAndValues, namesAndValues.length * 2);
        }
        namesAndValues[size * 2] = name;
        namesAndValues[size * 2 + 1] = value;
        size++;
        return null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<byte[], byte[]>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<byte[], byte[]>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<byte[], byte[]> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int at = next++ * 2;
                        return new SimpleImmutableEntry<>(namesAndValues[at], namesAndValues[at + 1]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
