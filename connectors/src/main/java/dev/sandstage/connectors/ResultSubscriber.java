package dev.sandstage.connectors;

import dev.sandstage.connectors.internal.EventReader;
import dev.sandstage.events.ToolResult;
import dev.sandstage.schema.EventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link ToolResult}s from the results topic, read_committed (only results of committed
 * stage transactions), from the beginning or from the latest offsets, without a consumer group.
 * Used by planners waiting for their calls and by {@code ./sandstage call} and {@code tail}.
 * Not thread-safe: one thread polls; {@link #wakeup()} may be called from any thread.
 */
public final class ResultSubscriber implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final EventCodec<ToolResult> CODEC = EventCodec.reading(ToolResult.class);

    private final EventReader<ToolResult> reader;
    private final Clock clock;

    private ResultSubscriber(EventReader<ToolResult> reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /**
     * Opens a subscriber on every partition of {@code topic}. With {@link StartPosition#LATEST} the
     * end offsets are fixed when this returns, so a decision published afterwards is never missed.
     *
     * @throws org.apache.kafka.common.KafkaException or IllegalStateException when the topic is missing
     */
    public static ResultSubscriber open(String bootstrapServers, String topic, StartPosition start) {
        return new ResultSubscriber(new EventReader<>(bootstrapServers, topic, CODEC, start, Map.of()),
                Clock.systemUTC());
    }

    /** Polls once for up to {@code timeout}. */
    public List<ToolResult> poll(Duration timeout) {
        return reader.poll(timeout);
    }

    /** Waits for the result of {@code decisionId}; empty when {@code timeout} passes first. */
    public Optional<ToolResult> awaitResult(String decisionId, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        while (clock.instant().isBefore(deadline)) {
            Duration left = Duration.between(clock.instant(), deadline);
            for (ToolResult result : reader.poll(left.compareTo(POLL) < 0 ? left : POLL)) {
                if (decisionId.equals(result.getDecisionId())) {
                    return Optional.of(result);
                }
            }
        }
        return Optional.empty();
    }

    /** How many records were skipped because they are not decodable results. */
    public long undecodable() {
        return reader.undecodable();
    }

    /** Interrupts a blocked poll; any thread. */
    public void wakeup() {
        reader.wakeup();
    }

    @Override
    public void close() {
        reader.close();
    }
}
