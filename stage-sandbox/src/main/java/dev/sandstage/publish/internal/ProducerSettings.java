package dev.sandstage.publish.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producer properties the stage insists on, laid over the operator's pass-through properties. */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    /** For the transactional publisher: exactly-once needs idempotence and acks=all. */
    public static Map<String, Object> transactional(Map<String, Object> passThrough, String transactionalId) {
        Map<String, Object> config = idempotent(passThrough);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        // A few-millisecond visibility target: the commit itself flushes, so batching only adds delay.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Right after a commit the coordinator is still writing its markers, and the next
        // transaction's first request is answered CONCURRENT_TRANSACTIONS; the default 100 ms
        // backoff then dominates every commit. Retry quickly instead (bounded exponential).
        config.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 2);
        config.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 50);
        return config;
    }

    /** For journal STARTED entries: acknowledged by every in-sync replica, written once. */
    public static Map<String, Object> idempotent(Map<String, Object> passThrough) {
        Map<String, Object> config = new HashMap<>(passThrough);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
