package dev.sandstage.publish;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids in a W3C {@code traceparent} header ({@code version-traceid-parentid-flags}, e.g.
 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}): the trace id that ties the
 * stage's log lines to the rest of the trace, and the caller's span id. Immutable; any thread.
 *
 * @param traceId 32 lowercase hex characters, not all zero
 * @param spanId the parent id, 16 lowercase hex characters, not all zero
 */
public record TraceParent(String traceId, String spanId) {

    // Version 00 has exactly four fields; a later version may append more after a dash.
    private static final Pattern FORMAT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

    /** The ids of a well-formed header value; empty for anything the W3C spec says to ignore. */
    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(header.strip());
        if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
                || isZero(m.group(2)) || isZero(m.group(3))) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(m.group(2), m.group(3)));
    }

    private static boolean isZero(String hex) {
        return hex.chars().allMatch(c -> c == '0');
    }
}
