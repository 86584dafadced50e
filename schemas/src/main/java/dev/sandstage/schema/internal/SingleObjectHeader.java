package dev.sandstage.schema.internal;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The ten-byte prefix of Avro's single-object encoding: marker {@code C3 01}, then the CRC-64-AVRO
 * fingerprint of the writer schema's parsing canonical form, little-endian. Stateless.
 */
public final class SingleObjectHeader {

    public static final int LENGTH = 10;
    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;

    private SingleObjectHeader() {
    }

    /** The fingerprint that identifies {@code schema} in the header. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The header for values written with a schema of this fingerprint. */
    public static byte[] forFingerprint(long fingerprint) {
        byte[] header = new byte[LENGTH];
        header[0] = MARKER_0;
        header[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }

    /** True when {@code value} starts with the marker (it may still be too short for a fingerprint). */
    public static boolean hasMarker(byte[] value) {
        return value.length >= 2 && value[0] == MARKER_0 && value[1] == MARKER_1;
    }

    /** Reads the fingerprint; the caller has checked the marker and that the length is at least {@link #LENGTH}. */
    public static long readFingerprint(byte[] value) {
        long fingerprint = 0;
        for (int i = 0; i < 8; i++) {
            fingerprint |= (value[2 + i] & 0xFFL) << (8 * i);
        }
        return fingerprint;
    }

    /**
     * The fingerprint as people see it in messages and on the HTTP endpoints: the 8 bytes in
     * header order (little-endian), 16 lower-case hex digits. See {@code SchemaFingerprint}.
     */
    public static String hex(long fingerprint) {
        return String.format("%016x", Long.reverseBytes(fingerprint));
    }
}
