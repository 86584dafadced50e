package dev.sandstage.agent.internal;

import dev.sandstage.agent.AgentProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Big-endian reader over one frame's payload that fails with an {@link AgentProtocolException}
 * naming the frame and the offset instead of an IndexOutOfBounds. Single-thread.
 */
public final class PayloadReader {

    private final ByteBuffer buf;
    private final String frame;

    public PayloadReader(byte[] payload, String frame) {
        this.buf = ByteBuffer.wrap(payload);
        this.frame = frame;
    }

    public int u8() {
        need(1, "u8");
        return buf.get() & 0xFF;
    }

    public int i32() {
        need(4, "i32");
        return buf.getInt();
    }

    public long u32() {
        return i32() & 0xFFFF_FFFFL;
    }

    public long u64() {
        need(8, "u64");
        return buf.getLong();
    }

    public byte[] bytes() {
        long n = u32();
        if (n > buf.remaining()) {
            throw error(frame + " payload truncated: a field of " + n + " bytes at offset " + buf.position()
                    + " has only " + buf.remaining() + " left");
        }
        byte[] b = new byte[(int) n];
        buf.get(b);
        return b;
    }

    public String str() {
        byte[] b = bytes();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw error(frame + " payload has a string that is not UTF-8 before offset " + buf.position());
        }
    }

    public byte[] rest() {
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }

    /** Fails when bytes remain: a longer payload than the version defines is malformed. */
    public void end() {
        if (buf.hasRemaining()) {
            throw error(frame + " payload has " + buf.remaining() + " trailing bytes after offset " + buf.position());
        }
    }

    public AgentProtocolException error(String message) {
        return new AgentProtocolException(message, Map.of("frame", frame));
    }

    private void need(int n, String what) {
        if (buf.remaining() < n) {
            throw error(frame + " payload truncated: " + what + " at offset " + buf.position() + " needs " + n
                    + " bytes, " + buf.remaining() + " left");
        }
    }
}
