package dev.sandstage.config.internal;

/**
 * One configured value before parsing: the dotted key, the text as written, and where it came from
 * ({@code file <path>} or {@code environment SANDSTAGE_...}), for error messages. Immutable.
 */
public record RawEntry(String key, String text, String origin) {}
