package dev.sandstage.agent.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian payload builder for agent frames. Single-thread, used inside one encode call. */
public final class PayloadWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public PayloadWriter u8(int v) {
        out.write(v);
        return this;
    }

    public PayloadWriter u32(long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
        return this;
    }

    public PayloadWriter u64(long v) {
        return u32(v >>> 32).u32(v & 0xFFFF_FFFFL);
    }

    public PayloadWriter bytes(byte[] b) {
        u32(b.length);
        out.writeBytes(b);
        return this;
    }

    public PayloadWriter str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public PayloadWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
