package dev.sandstage.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a real Kafka broker. Use with
 * {@code @ExtendWith(KafkaBrokerExtension.class)} and declare parameters of type
 * {@link KafkaTestBroker} (the shared broker) or {@link KafkaTestTopic} (a fresh random topic per
 * parameter, with {@link TopicPartitions} partitions, default 1).
 *
 * <p>One broker per test JVM: it is started on first use and kept in the root context's store,
 * which JUnit closes at the end of the run, so every test class in the JVM shares it. JUnit calls
 * this extension on the test-executing threads; starting is guarded by the store, so parallel
 * test classes still get a single broker.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaTestBroker.class || type == KafkaTestTopic.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KafkaTestBroker broker = broker(context);
        if (parameter.getParameter().getType() == KafkaTestBroker.class) {
            return broker;
        }
        int partitions = parameter.findAnnotation(TopicPartitions.class).map(TopicPartitions::value).orElse(1);
        return broker.createTopic(partitions);
    }

    /** The JVM's broker, started if needed; for extensions and fixtures built on this one. */
    public static KafkaTestBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KafkaTestBroker.class, key -> KafkaTestBroker.start(), KafkaTestBroker.class);
    }
}
