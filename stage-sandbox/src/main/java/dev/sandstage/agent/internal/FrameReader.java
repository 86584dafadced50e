package dev.sandstage.agent.internal;

import dev.sandstage.agent.AgentFrame;
import dev.sandstage.agent.AgentFrameCodec;
import dev.sandstage.agent.AgentProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Reads whole frames from a blocking stream. Used only by an {@code AgentClient}'s reader thread. */
public final class FrameReader {

    private FrameReader() {}

    /** The next frame, or null when the stream ended cleanly between frames. */
    public static AgentFrame read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(AgentFrameCodec.HEADER_BYTES);
        if (header.length == 0) {
            return null;
        }
        if (header.length < AgentFrameCodec.HEADER_BYTES) {
            throw new AgentProtocolException("the agent's stream ended inside a frame header ("
                    + header.length + " of " + AgentFrameCodec.HEADER_BYTES + " bytes)", Map.of());
        }
        // The header is checked before the payload is allocated: a bad length never costs memory.
        AgentFrameCodec.Header h = AgentFrameCodec.decodeHeader(header);
        byte[] payload = in.readNBytes(h.payloadLength());
        if (payload.length < h.payloadLength()) {
            throw new AgentProtocolException("the agent's stream ended inside a frame: " + payload.length + " of "
                    + h.payloadLength() + " payload bytes", Map.of("type", AgentFrameCodec.typeName(h.type())));
        }
        return AgentFrameCodec.decodePayload(h.type(), payload);
    }
}
