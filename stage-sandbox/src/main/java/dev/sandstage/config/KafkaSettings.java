package dev.sandstage.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where Kafka is and the raw client properties passed through by prefix. The consume and publish
 * components start from {@code consumer}/{@code producer} and add the properties the stage owns
 * (group, isolation, transactions, serializers). Immutable; any thread.
 *
 * @param bootstrapServers {@code kafka.bootstrap-servers}
 * @param consumer {@code kafka.consumer.*} with the prefix removed, sorted by name
 * @param producer {@code kafka.producer.*} with the prefix removed, sorted by name
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> consumer, Map<String, String> producer) {

    public KafkaSettings {
        consumer = java.util.Collections.unmodifiableMap(new TreeMap<>(consumer));
        producer = java.util.Collections.unmodifiableMap(new TreeMap<>(producer));
    }
}
