package dev.sandstage.agent;

/**
 * Per-call resource limits the agent applies to a tool with {@code setrlimit} before it execs.
 * Each value 0 means "leave the container's limit unchanged". A value above the container's
 * hard limit is lowered to that hard limit: a call can only tighten.
 *
 * <p>{@code processes} is {@code RLIMIT_NPROC}, which the kernel counts per user across the
 * whole host (not per container) and does not enforce for root; the container's pids limit is
 * the real bound. Immutable; any thread.
 *
 * @param cpuSeconds CPU seconds ({@code RLIMIT_CPU}); the tool gets SIGXCPU, then SIGKILL
 * @param addressSpaceBytes virtual memory ({@code RLIMIT_AS})
 * @param fileSizeBytes largest file the tool may write ({@code RLIMIT_FSIZE}; SIGXFSZ past it)
 * @param openFiles open file descriptors ({@code RLIMIT_NOFILE})
 * @param processes processes of the user ({@code RLIMIT_NPROC})
 */
public record RunLimits(long cpuSeconds, long addressSpaceBytes, long fileSizeBytes, long openFiles, long processes) {

    /** Every limit left as the container has it. */
    public static final RunLimits NONE = new RunLimits(0, 0, 0, 0, 0);

    public RunLimits {
        requireNonNegative("cpuSeconds", cpuSeconds);
        requireNonNegative("addressSpaceBytes", addressSpaceBytes);
        requireNonNegative("fileSizeBytes", fileSizeBytes);
        requireNonNegative("openFiles", openFiles);
        requireNonNegative("processes", processes);
    }

    public RunLimits withCpuSeconds(long value) {
        return new RunLimits(value, addressSpaceBytes, fileSizeBytes, openFiles, processes);
    }

    public RunLimits withAddressSpaceBytes(long value) {
        return new RunLimits(cpuSeconds, value, fileSizeBytes, openFiles, processes);
    }

    public RunLimits withFileSizeBytes(long value) {
        return new RunLimits(cpuSeconds, addressSpaceBytes, value, openFiles, processes);
    }

    public RunLimits withOpenFiles(long value) {
        return new RunLimits(cpuSeconds, addressSpaceBytes, fileSizeBytes, value, processes);
    }

    public RunLimits withProcesses(long value) {
        return new RunLimits(cpuSeconds, addressSpaceBytes, fileSizeBytes, openFiles, value);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 (0 = unchanged), got " + value);
        }
    }
}
