package dev.sandstage.schema;

import dev.sandstage.schema.internal.SingleObjectHeader;
import org.apache.avro.Schema;

/**
 * The 8-byte writer-schema fingerprint of Avro's single-object encoding (CRC-64-AVRO of the
 * schema's parsing canonical form) and the one way Sandstage prints it: 16 lower-case hex digits
 * of the 8 bytes in the order they appear in a value's header (bytes 3 to 10, after {@code C3 01};
 * the 64-bit CRC little-endian). So a consumer in any language names a value's writer schema with
 * {@code value[2:10].hex()} and looks it up at {@code GET /schemas/<that>}. Error messages
 * ({@code writer_fingerprint=}) and the stage's HTTP endpoints use this form. Stateless.
 */
public final class SchemaFingerprint {

    private static final int HEX_DIGITS = 16;

    private SchemaFingerprint() {
    }

    /** The fingerprint of {@code schema} as a number (the value {@code SchemaNormalization.parsingFingerprint64} gives). */
    public static long of(Schema schema) {
        return SingleObjectHeader.fingerprint(schema);
    }

    /** The printed form of {@code schema}'s fingerprint. */
    public static String hexOf(Schema schema) {
        return hex(of(schema));
    }

    /** The printed form: the 8 header bytes in header order, as lower-case hex. */
    public static String hex(long fingerprint) {
        return SingleObjectHeader.hex(fingerprint);
    }

    /**
     * Reads the printed form (either case).
     *
     * @throws IllegalArgumentException when {@code hex} is not exactly 16 hex digits
     */
    public static long parse(String hex) {
        if (hex == null || hex.length() != HEX_DIGITS || !hex.chars().allMatch(SchemaFingerprint::isHexDigit)) {
            throw new IllegalArgumentException("a schema fingerprint is 16 hex digits (the 8 bytes after C3 01 in a"
                    + " value, in that order), not '" + hex + "'");
        }
        return Long.reverseBytes(Long.parseUnsignedLong(hex, 16));
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
