package dev.sandstage.testing;

/**
 * A topic created for one test on the shared {@link KafkaTestBroker}; injected as a test
 * parameter by {@link KafkaBrokerExtension}. Immutable.
 *
 * @param name             random, unique per test
 * @param partitions       how many partitions it was created with
 * @param bootstrapServers where the broker listens, for client configs
 */
public record KafkaTestTopic(String name, int partitions, String bootstrapServers) {
}
