package dev.sandstage.catalog;

import java.util.Locale;

/**
 * How long a tool's sandbox state lives, as the catalog's {@code isolation} key says. Read by the
 * scheduler when it acquires a sandbox; immutable, any thread.
 */
public enum Isolation {
    /** The workspace is wiped after every call. */
    CALL,
    /** One sandbox is pinned to the session; its workspace survives until the session goes idle. */
    SESSION;

    /** The catalog spelling: {@code call} or {@code session}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
