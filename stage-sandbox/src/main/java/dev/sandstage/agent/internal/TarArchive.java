package dev.sandstage.agent.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal in-memory ustar writer for Docker build contexts: regular files only, short names.
 * Saves a dependency for the two files a derived image needs. Single-thread.
 */
public final class TarArchive {

    private static final int BLOCK = 512;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds a regular file; {@code mode} in octal terms, e.g. {@code 0755}. */
    public TarArchive add(String name, byte[] content, int mode) {
        if (name.length() > 99) {
            throw new IllegalArgumentException("tar name too long for ustar: " + name);
        }
        byte[] h = new byte[BLOCK];
        put(h, 0, name);
        put(h, 100, octal(mode, 7));
        put(h, 108, octal(0, 7));
        put(h, 116, octal(0, 7));
        put(h, 124, octal(content.length, 11));
        put(h, 136, octal(0, 11));
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        // The checksum is computed with its own field read as spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, octal(sum, 6));
        h[154] = 0;
        h[155] = ' ';
        out.writeBytes(h);
        out.writeBytes(content);
        out.writeBytes(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
        return this;
    }

    /** The archive with its two terminating zero blocks. */
    public byte[] finish() {
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    private static String octal(long value, int digits) {
        String s = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
