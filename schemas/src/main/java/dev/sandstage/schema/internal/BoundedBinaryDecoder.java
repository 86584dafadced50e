package dev.sandstage.schema.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary {@link Decoder} over a byte array that never trusts a length prefix.
 *
 * <p>Why not Avro's {@code BinaryDecoder}: in Avro 1.12 it allocates a string or bytes buffer of
 * whatever length the prefix claims before looking at how many bytes remain, and returns array
 * and map block counts unchecked, which {@code GenericDatumReader} then uses as the initial
 * capacity of a list. Random bytes thus cause multi-gigabyte allocations. Here every length and
 * every block count is checked against the bytes that remain, so the largest allocation is
 * bounded by the input size. A length past the end raises {@link EOFException} (truncated); a
 * negative length, an overlong varint or invalid UTF-8 raises {@link MalformedBytesException}.
 *
 * <p>Block counts are bounded by the remaining bytes, which assumes every array item and map
 * entry takes at least one byte; Sandstage schemas have no arrays of {@code null}.
 *
 * <p>Not thread-safe: one instance per decode call, on the decoding thread.
 */
public final class BoundedBinaryDecoder extends Decoder {

    private final byte[] buf;
    private final int limit;
    private int pos;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Bytes not yet consumed. */
    public int remaining() {
        return limit - pos;
    }

    @Override
    public void readNull() {
        // null takes no bytes
    }

    @Override
    public boolean readBoolean() throws IOException {
        int b = nextByte();
        if (b > 1) {
            throw new MalformedBytesException("boolean byte is " + b + ", expected 0 or 1 at position " + (pos - 1));
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long n = readLong();
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new MalformedBytesException("int value " + n + " out of range");
        }
        return (int) n;
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = nextByte();
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedBytesException("varint longer than 10 bytes at position " + pos);
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat((int) littleEndian(4));
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(littleEndian(8));
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        return new Utf8(readString());
    }

    @Override
    public String readString() throws IOException {
        int length = readLength("string");
        try {
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(buf, pos, length));
            pos += length;
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBytesException("string of " + length + " bytes at position " + pos + " is not valid UTF-8");
        }
    }

    @Override
    public void skipString() throws IOException {
        skip(readLength("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = readLength("bytes");
        byte[] copy = new byte[length];
        System.arraycopy(buf, pos, copy, 0, length);
        pos += length;
        return ByteBuffer.wrap(copy);
    }

    @Override
    public void skipBytes() throws IOException {
        skip(readLength("bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length, "fixed");
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        skip(length);
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return readBlockCount("array");
    }

    @Override
    public long arrayNext() throws IOException {
        return readBlockCount("array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipSizedBlocks("array");
    }

    @Override
    public long readMapStart() throws IOException {
        return readBlockCount("map");
    }

    @Override
    public long mapNext() throws IOException {
        return readBlockCount("map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipSizedBlocks("map");
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    private long readBlockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new MalformedBytesException(what + " block count out of range");
            }
            count = -count;
            long size = readLong();
            if (size < 0) {
                throw new MalformedBytesException(what + " block size " + size + " is negative");
            }
        }
        if (count > remaining()) {
            throw new EOFException(what + " block claims " + count + " items but only " + remaining() + " bytes remain");
        }
        return count;
    }

    private long skipSizedBlocks(String what) throws IOException {
        while (true) {
            long count = readLong();
            if (count >= 0) {
                if (count > remaining()) {
                    throw new EOFException(what + " block claims " + count + " items but only " + remaining() + " bytes remain");
                }
                return count;
            }
            long size = readLong();
            if (size < 0 || size > remaining()) {
                throw size < 0
                        ? new MalformedBytesException(what + " block size " + size + " is negative")
                        : new EOFException(what + " block of " + size + " bytes but only " + remaining() + " remain");
            }
            pos += (int) size;
        }
    }

    private int readLength(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new MalformedBytesException(what + " length " + length + " is negative at position " + pos);
        }
        require(length, what);
        return (int) length;
    }

    private void require(long length, String what) throws EOFException {
        if (length > remaining()) {
            throw new EOFException(what + " of " + length + " bytes but only " + remaining() + " remain");
        }
    }

    private void skip(long length) throws EOFException {
        require(length, "skipped value");
        pos += (int) length;
    }

    private int nextByte() throws EOFException {
        if (pos >= limit) {
            throw new EOFException("value ends at byte " + pos + " in the middle of a number");
        }
        return buf[pos++] & 0xff;
    }

    private long littleEndian(int bytes) throws EOFException {
        require(bytes, "fixed-width number");
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (buf[pos++] & 0xff) << (8 * i);
        }
        return v;
    }
}
