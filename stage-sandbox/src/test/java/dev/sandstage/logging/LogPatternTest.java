package dev.sandstage.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/**
 * The text format of the shipped logging configurations (the stage image's
 * {@code compose/logback.xml}, the CLI's for {@code ./sandstage up}): a line written while the
 * stage handles a decision names its decision, session and trace id; other lines name none. The
 * MDC itself is filled by the stage, which {@code StageLogFormatIT} checks on a running stage.
 */
class LogPatternTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @ParameterizedTest
    @ValueSource(strings = {"compose/logback.xml", "connectors/src/main/resources/logback.xml"})
    void theTextPatternShowsTheDecisionSessionAndTraceIdWhenKnown(String file) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(repoRoot().resolve(file).toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        console.setOutputStream(out);
        try {
            MDC.put("decision_id", "d-1");
            MDC.put("session_id", "s-1");
            MDC.put("trace_id", TRACE_ID);
            context.getLogger("dev.sandstage.consume.internal.Intake").warn("rejected: TOOL_UNKNOWN");
            MDC.remove("trace_id");
            context.getLogger("dev.sandstage.consume.internal.Intake").warn("untraced");
            MDC.clear();
            context.getLogger("dev.sandstage.stage.Stage").warn("outside a decision");
        } finally {
            MDC.clear();
            context.stop();
        }

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains(" decision=d-1 session=s-1 trace=" + TRACE_ID + " - rejected: TOOL_UNKNOWN");
        assertThat(lines.get(1)).contains(" decision=d-1 session=s-1 - untraced").doesNotContain("trace=");
        assertThat(lines.get(2)).endsWith("Stage - outside a decision").doesNotContain("=");
    }

    private static Path repoRoot() {
        String root = System.getProperty("sandstage.repo.root");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    }
}
