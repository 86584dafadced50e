package dev.sandstage.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.config.LogFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@link LogFormats} on a logger context of the test's own (the JVM's global one stays as it is):
 * json swaps every stream appender's encoder, also behind an async appender, and text changes
 * nothing; {@link JsonLineEncoder} writes one strict JSON object per line.
 */
class LogFormatsTest {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final LoggerContext context = new LoggerContext();
    {
        // The slf4j MDC of this JVM, so what the test puts there reaches this context's events.
        context.setMDCAdapter(MDC.getMDCAdapter());
    }

    private final ByteArrayOutputStream direct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream behindAsync = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        MDC.clear();
        context.stop();
    }

    @Test
    void jsonWritesOneObjectPerLineWithTheMdcIdsAndTheException() throws Exception {
        Logger logger = configure();

        assertThat(LogFormats.apply(LogFormat.JSON, context)).isEqualTo(2);
        MDC.put("decision_id", "d-1");
        MDC.put("session_id", "s-1");
        MDC.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        MDC.put("message", "an MDC key that would repeat a fixed field is left out");
        logger.warn("two\nlines and \"quotes\"", new IllegalStateException("boom"));
        MDC.clear();
        logger.info("no decision");
        context.stop();

        List<String> lines = direct.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = STRICT.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("WARN");
        assertThat(first.get("logger").asText()).isEqualTo("dev.sandstage.test");
        assertThat(first.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(first.get("message").asText()).isEqualTo("two\nlines and \"quotes\"");
        assertThat(first.get("decision_id").asText()).isEqualTo("d-1");
        assertThat(first.get("session_id").asText()).isEqualTo("s-1");
        assertThat(first.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(first.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("LogFormatsTest");
        JsonNode second = STRICT.readTree(lines.get(1));
        assertThat(second.has("decision_id")).isFalse();
        assertThat(second.has("exception")).isFalse();
        assertThat(STRICT.readTree(behindAsync.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .get("message").asText()).isEqualTo("two\nlines and \"quotes\"");
    }

    @Test
    void textLeavesTheConfiguredPatternAlone() {
        Logger logger = configure();

        assertThat(LogFormats.apply(LogFormat.TEXT, context)).isZero();
        logger.info("plain");
        context.stop();

        assertThat(direct.toString(StandardCharsets.UTF_8)).isEqualTo("INFO plain\n");
    }

    private Logger configure() {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(streamAppender("direct", direct));
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("async");
        async.addAppender(streamAppender("behind-async", behindAsync));
        async.start();
        context.getLogger("dev.sandstage").addAppender(async);
        return context.getLogger("dev.sandstage.test");
    }

    private OutputStreamAppender<ILoggingEvent> streamAppender(String name, ByteArrayOutputStream out) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        return appender;
    }
}
