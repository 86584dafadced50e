package dev.sandstage.agent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One output stream of a tool call: the bytes kept (up to the request's cap), how many bytes
 * the tool wrote in all, and whether some were dropped. Immutable (the array is copied in and
 * out); any thread.
 */
public record CapturedOutput(byte[] bytes, long totalBytes, boolean truncated) {

    /** Nothing written. */
    public static final CapturedOutput EMPTY = new CapturedOutput(new byte[0], 0, false);

    public CapturedOutput {
        bytes = bytes.clone();
        if (totalBytes < bytes.length) {
            throw new IllegalArgumentException("totalBytes " + totalBytes + " < kept " + bytes.length);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The kept bytes as UTF-8 (malformed sequences replaced); for tests and logs. */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedOutput c && totalBytes == c.totalBytes && truncated == c.truncated
                && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + Long.hashCode(totalBytes) + (truncated ? 1 : 0);
    }

    @Override
    public String toString() {
        return "CapturedOutput[kept=" + bytes.length + ", total=" + totalBytes + ", truncated=" + truncated + "]";
    }
}
