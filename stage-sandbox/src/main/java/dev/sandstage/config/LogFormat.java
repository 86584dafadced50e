package dev.sandstage.config;

/** How the stage writes its log lines ({@code log.format}). Immutable; any thread. */
public enum LogFormat {
    /** One human-readable line per event. */
    TEXT,
    /** One JSON object per line, with decision id, session id and trace id as fields. */
    JSON
}
