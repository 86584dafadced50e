package dev.sandstage.bench.sandbox;

/**
 * One way of running a trivial command ({@code echo}) that the sandbox benchmark compares:
 * a bare host process, {@code docker exec}, a cold {@code docker run}, the warm pool.
 *
 * <p>Used by one benchmark thread at a time: {@link #open()}, many {@link #call()}, then
 * {@link #close()}.
 */
interface CallMode extends AutoCloseable {

    /** The name in the table and in the JSON report (for example {@code pool-runc}). */
    String name();

    /** Starts whatever the calls need (containers, pools); not measured. */
    void open() throws Exception;

    /** Runs the command once and checks its output; measured. */
    void call() throws Exception;

    /** The most calls worth measuring in this mode (a cold run costs hundreds of ms). */
    default int maxCalls() {
        return Integer.MAX_VALUE;
    }

    @Override
    void close() throws Exception;
}
