package dev.sandstage.agent;

import java.util.Objects;

/**
 * One message of the agent protocol (version {@value AgentFrameCodec#VERSION}); see
 * {@link AgentFrameCodec} for the bytes. Requests go stage to agent, responses agent to stage.
 * Immutable values; any thread.
 */
public sealed interface AgentFrame {

    /** The type byte on the wire. */
    int type();

    /** Request: run a tool call. Answered by {@link Result}, then {@link Ready} (or {@link Error}). */
    record Run(RunRequest request) implements AgentFrame {
        public static final int TYPE = 0x01;

        public Run {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** Request: are you alive? Answered by {@link Pong} with the same nonce. */
    record Ping(long nonce) implements AgentFrame {
        public static final int TYPE = 0x02;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** Request: kill every process but the agent, wipe the writable paths. Answered by {@link Ready}. */
    record Reset() implements AgentFrame {
        public static final int TYPE = 0x03;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** Response: how a tool call ended. Sent as soon as the tool has ended, before cleanup. */
    record Result(RunResult result) implements AgentFrame {
        public static final int TYPE = 0x81;

        public Result {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** Response to {@link Ping}. */
    record Pong(long nonce) implements AgentFrame {
        public static final int TYPE = 0x82;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** Response: the sandbox is restored and takes the next request. */
    record Ready() implements AgentFrame {
        public static final int TYPE = 0x83;

        @Override
        public int type() {
            return TYPE;
        }
    }

    /** Response: the agent could not do what was asked; the sandbox must be destroyed. */
    record Error(String message) implements AgentFrame {
        public static final int TYPE = 0x84;

        public Error {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public int type() {
            return TYPE;
        }
    }
}
