package dev.sandstage.broker;

import dev.sandstage.error.SandstageFatalException;
import java.util.List;
import java.util.Map;

/**
 * The embedded broker (or its storage formatter) exited when nobody asked it to. Carries the
 * last lines of {@code broker.log}, which usually say why; the CLI prints them.
 *
 * <p>Thrown by {@link EmbeddedKafka} on the thread that starts or waits for the broker.
 */
public class BrokerExitedException extends SandstageFatalException {

    private final transient List<String> lastLogLines;

    public BrokerExitedException(String message, Map<String, ?> context, List<String> lastLogLines) {
        super(message, context);
        this.lastLogLines = List.copyOf(lastLogLines);
    }

    /** The last lines of the broker's log at the time it exited. */
    public List<String> lastLogLines() {
        return lastLogLines;
    }
}
