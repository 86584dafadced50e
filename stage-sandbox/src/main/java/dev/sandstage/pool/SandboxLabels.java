package dev.sandstage.pool;

/**
 * The container labels every pooled sandbox carries. Orphan removal selects on
 * {@link #INSTANCE}; operators can filter with {@code docker ps --filter label=...}.
 * Constants only.
 */
public final class SandboxLabels {

    /** The stage instance that created the container ({@code PoolConfig#instanceId()}). */
    public static final String INSTANCE = "sandstage.instance";
    /** The sandbox class name. */
    public static final String CLASS = "sandstage.class";
    /** The pool's id for the sandbox. */
    public static final String SANDBOX = "sandstage.sandbox";
    /** {@code true} on a one-off sandbox: created for one call with tighter limits, never pooled. */
    public static final String ONE_OFF = "sandstage.one-off";

    private SandboxLabels() {}

    /** A Docker label filter value ({@code key=value}) selecting one instance's containers. */
    public static String instanceFilter(String instanceId) {
        return INSTANCE + "=" + instanceId;
    }
}
