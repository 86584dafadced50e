package dev.sandstage.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import dev.sandstage.config.LogFormat;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} to the logging the process already has. {@code text} leaves the
 * logback configuration as it is (the shipped {@code logback.xml} files print decision, session
 * and trace id in their pattern). {@code json} gives every appender that writes to a stream (the
 * console appenders of those files, file appenders too, also behind an {@code AsyncAppender}) a
 * {@link JsonLineEncoder}, keeping where each one writes and at which levels, so the output is
 * one JSON object per line.
 *
 * <p>Called once at start-up, right after the configuration is loaded and before the stage
 * starts, by {@code StageMain} and {@code ./sandstage up}; on the calling thread. Appenders are
 * swapped in place, so threads already logging go on without a gap.
 */
public final class LogFormats {

    private LogFormats() {}

    /**
     * Applies {@code format} to logback's appenders.
     *
     * @return how many appenders now write JSON (0 for text, or when SLF4J is not bound to logback)
     */
    public static int apply(LogFormat format) {
        return apply(format, LoggerFactory.getILoggerFactory());
    }

    /** {@link #apply(LogFormat)} on {@code factory}; tests give it a logger context of their own. */
    static int apply(LogFormat format, ILoggerFactory factory) {
        if (format != LogFormat.JSON) {
            return 0;
        }
        if (!(factory instanceof LoggerContext context)) {
            LoggerFactory.getLogger(LogFormats.class).warn("log.format json needs logback as the SLF4J binding,"
                    + " found {}; log lines keep their configured format", factory.getClass().getName());
            return 0;
        }
        Map<Appender<ILoggingEvent>, Boolean> seen = new IdentityHashMap<>();
        int swapped = 0;
        for (Logger logger : context.getLoggerList()) {
            swapped += swap(logger, context, seen);
        }
        return swapped;
    }

    private static int swap(AppenderAttachable<ILoggingEvent> owner, LoggerContext context,
            Map<Appender<ILoggingEvent>, Boolean> seen) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = owner.iteratorForAppenders(); it.hasNext(); ) {
            appenders.add(it.next());
        }
        int swapped = 0;
        for (Appender<ILoggingEvent> appender : appenders) {
            if (seen.put(appender, Boolean.TRUE) != null) {
                continue;
            }
            if (appender instanceof OutputStreamAppender<ILoggingEvent> stream
                    && !(stream.getEncoder() instanceof JsonLineEncoder)) {
                JsonLineEncoder encoder = new JsonLineEncoder();
                encoder.setContext(context);
                encoder.start();
                stream.setEncoder(encoder);
                swapped++;
            }
            if (appender instanceof AppenderAttachable<?> nested) {
                @SuppressWarnings("unchecked")
                AppenderAttachable<ILoggingEvent> inner = (AppenderAttachable<ILoggingEvent>) nested;
                swapped += swap(inner, context, seen);
            }
        }
        return swapped;
    }
}
