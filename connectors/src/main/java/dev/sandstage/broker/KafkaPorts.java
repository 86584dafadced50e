package dev.sandstage.broker;

import dev.sandstage.error.SandstageFatalException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The two TCP ports of the embedded single-node broker on 127.0.0.1: the client listener
 * ({@code broker}) and the KRaft controller listener ({@code controller}).
 *
 * <p>Ports are chosen on the first start and persisted in the broker's {@code server.properties};
 * {@link #resolve} decides which ports a later start uses. Immutable; safe to share between
 * threads.
 */
public record KafkaPorts(int broker, int controller) {

    /** Ports of a first start without {@code --port} / {@code --controller-port}. */
    public static final KafkaPorts DEFAULT = new KafkaPorts(9092, 9093);

    public KafkaPorts {
        check("port", broker);
        check("controller-port", controller);
        if (broker == controller) {
            throw new SandstageFatalException(
                    "the broker and controller ports must differ", Map.of("port", broker, "controller-port", controller));
        }
    }

    /**
     * The ports a start uses: each requested port wins; a port not requested keeps its persisted
     * value, or its default when nothing was persisted yet (first start).
     */
    public static KafkaPorts resolve(Optional<KafkaPorts> persisted, OptionalInt port, OptionalInt controllerPort) {
        KafkaPorts base = persisted.orElse(DEFAULT);
        return new KafkaPorts(port.orElse(base.broker()), controllerPort.orElse(base.controller()));
    }

    /** The address clients use, for example {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + broker;
    }

    private static void check(String key, int port) {
        if (port < 1 || port > 65535) {
            throw new SandstageFatalException("a port must be between 1 and 65535", Map.of(key, port));
        }
    }
}
