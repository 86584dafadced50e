package dev.sandstage.broker;

import dev.sandstage.error.SandstageFatalException;
import java.util.Map;

/**
 * {@link EmbeddedKafka#close} was called while another thread waited for the broker to become
 * ready (for example on SIGTERM during start-up). Not an error for a caller that asked to stop.
 */
public class BrokerStoppedException extends SandstageFatalException {

    public BrokerStoppedException(Map<String, ?> context) {
        super("the Kafka broker was stopped before it was ready", context);
    }
}
