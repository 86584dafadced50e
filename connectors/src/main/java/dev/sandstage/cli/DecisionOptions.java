package dev.sandstage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.events.ToolCallDecision;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The decision options of {@code call} and {@code submit}: the tool, its arguments, the session
 * and the timeout. Main thread only.
 */
final class DecisionOptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "TOOL", description = "Catalog name of the tool (see './sandstage tools').")
    String tool;

    @Option(names = "--args", paramLabel = "JSON", defaultValue = "{}",
            description = "Tool arguments as one JSON document (default: ${DEFAULT-VALUE}).")
    String argumentsJson;

    @Option(names = "--session", paramLabel = "ID", description = "Session id (default: a fresh one per call).")
    String session;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = KafkaConnection.DurationConverter.class,
            description = "How long to wait for the result, e.g. 30s, 2m (default: ${DEFAULT-VALUE}); "
                    + "the decision expires one minute later.")
    Duration timeout;

    /**
     * The unsigned decision; the arguments are checked to be one JSON document and sent compacted.
     *
     * @throws CommandLine.ParameterException (a usage error, exit 2) when they are not
     */
    ToolCallDecision build(CommandLine commandLine, Clock clock) {
        String compact;
        try {
            compact = JSON.writeValueAsString(JSON.readTree(argumentsJson));
        } catch (JsonProcessingException e) {
            throw new CommandLine.ParameterException(commandLine,
                    "--args is not one JSON document: " + e.getOriginalMessage());
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new CommandLine.ParameterException(commandLine, "--timeout must be positive");
        }
        String sessionId = session == null || session.isBlank() ? DevDecision.freshSession() : session;
        return DevDecision.build(tool, compact, sessionId, timeout, clock);
    }
}
