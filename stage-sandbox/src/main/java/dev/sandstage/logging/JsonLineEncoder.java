package dev.sandstage.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * A logback encoder that writes each event as one JSON object on one line (UTF-8, ending in
 * {@code \n}): {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread},
 * {@code message}, then every MDC entry as a field of its own (first the ones the stage sets
 * while it handles a decision, in this order: {@code decision_id}, {@code session_id},
 * {@code trace_id}, {@code span_id}; then any others by name), then SLF4J key-value pairs, and {@code exception} (the stack trace as text) when
 * the event carries one. An MDC key or pair that would repeat one of the fixed names is left out,
 * so every object has unique keys.
 *
 * <p>{@link LogFormats} installs it for {@code log.format: json}; a {@code logback.xml} may also
 * name it ({@code <encoder class="dev.sandstage.logging.JsonLineEncoder"/>}). Called by logback on
 * whichever thread logs; it keeps no state between events, so any thread.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** The stage's MDC keys, written first and in this order; other MDC keys follow by name. */
    private static final List<String> IDS = List.of("decision_id", "session_id", "trace_id", "span_id");
    private static final Set<String> FIXED = Set.of("timestamp", "level", "logger", "thread", "message", "exception");

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            Set<String> written = new HashSet<>(FIXED);
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (String key : IDS) {
                    String value = mdc.get(key);
                    if (value != null && written.add(key)) {
                        json.writeStringField(key, value);
                    }
                }
                for (Map.Entry<String, String> e : new TreeMap<>(mdc).entrySet()) {
                    if (e.getValue() != null && written.add(e.getKey())) {
                        json.writeStringField(e.getKey(), e.getValue());
                    }
                }
            }
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    if (pair.key != null && written.add(pair.key)) {
                        json.writeStringField(pair.key, String.valueOf(pair.value));
                    }
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
