package dev.sandstage.config;

/**
 * Where the operating HTTP endpoints listen ({@code http.*}). The host is always loopback; port 0
 * asks the OS for a free port. Immutable; any thread.
 */
public record HttpSettings(String host, int port) {

    /** Loopback on {@code port}. */
    public static HttpSettings loopback(int port) {
        return new HttpSettings(StageConfigKeys.LOOPBACK, port);
    }
}
