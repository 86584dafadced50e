package dev.sandstage.connectors;

import dev.sandstage.connectors.internal.EventReader;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.schema.EventCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads {@link AuditEvent}s from the audit topic, read_committed (only events of committed stage
 * transactions), from the beginning or from the latest offsets, without a consumer group. Used by
 * audit sinks and by {@code ./sandstage tail audit}.
 * Not thread-safe: one thread polls; {@link #wakeup()} may be called from any thread.
 */
public final class AuditSubscriber implements AutoCloseable {

    private static final EventCodec<AuditEvent> CODEC = EventCodec.reading(AuditEvent.class);

    private final EventReader<AuditEvent> reader;

    private AuditSubscriber(EventReader<AuditEvent> reader) {
        this.reader = reader;
    }

    /**
     * Opens a subscriber on every partition of {@code topic}. With {@link StartPosition#LATEST} the
     * end offsets are fixed when this returns, so an event written afterwards is never missed.
     *
     * @throws org.apache.kafka.common.KafkaException or IllegalStateException when the topic is missing
     */
    public static AuditSubscriber open(String bootstrapServers, String topic, StartPosition start) {
        return new AuditSubscriber(new EventReader<>(bootstrapServers, topic, CODEC, start, Map.of()));
    }

    /** Polls once for up to {@code timeout}. */
    public List<AuditEvent> poll(Duration timeout) {
        return reader.poll(timeout);
    }

    /** How many records were skipped because they are not decodable audit events. */
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
