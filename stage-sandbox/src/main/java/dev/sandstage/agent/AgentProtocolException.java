package dev.sandstage.agent;

import dev.sandstage.error.SandstageFatalException;
import java.util.Map;

/**
 * The agent and the stage no longer understand each other: a malformed or oversized frame, an
 * unknown version, an ERROR answer, a deadline that passed, a stream that ended. Thrown by
 * {@link AgentFrameCodec} and {@link AgentClient}. The sandbox is then broken: the pool
 * destroys its container and never reuses it.
 */
public class AgentProtocolException extends SandstageFatalException {

    public AgentProtocolException(String message, Map<String, ?> context, Throwable cause) {
        super(message, context, cause);
    }

    public AgentProtocolException(String message, Map<String, ?> context) {
        this(message, context, null);
    }
}
