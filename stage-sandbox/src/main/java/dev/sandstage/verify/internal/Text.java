package dev.sandstage.verify.internal;

/**
 * Renders untrusted strings from decisions (tool names, key ids) for error messages: quoted,
 * control characters escaped, cut to a bounded length, so a hostile decision cannot flood or
 * forge log lines. Stateless; any thread.
 */
public final class Text {

    private Text() {
    }

    /** {@code value} in single quotes, at most {@code max} characters of it, control characters as {@code \\uXXXX}. */
    public static String quote(String value, int max) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), max) + 8).append('\'');
        int end = Math.min(value.length(), max);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('\'');
        if (value.length() > max) {
            sb.append("... (").append(value.length()).append(" chars)");
        }
        return sb.toString();
    }

    /** {@link #quote(String, int)} with a 100-character bound. */
    public static String quote(String value) {
        return quote(value, 100);
    }
}
