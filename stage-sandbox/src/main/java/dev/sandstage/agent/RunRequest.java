package dev.sandstage.agent;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One tool call for the agent (the RUN frame): what to execute and within which bounds.
 * Built by the pool from the catalog entry and the decision's constraints; immutable (arrays
 * are copied) and safe from any thread.
 *
 * @param argv the command; {@code argv[0]} is looked up on the request's {@code PATH}
 * @param env the tool's whole environment (nothing is inherited from the agent)
 * @param workdir the working directory; empty means the agent's own
 * @param stdin bytes fed to the tool's standard input, after which it is closed
 * @param timeout wall time after which the agent kills the tool's process group
 * @param limits per-call rlimits
 * @param stdoutCap stdout bytes kept; the rest is counted and reported as truncated
 * @param stderrCap stderr bytes kept
 * @param outputCeiling total stdout + stderr bytes past which the tool is killed
 *     ({@link RunReason#OUTPUT_LIMIT}); 0 means no ceiling
 * @param wipe whether the workspace is wiped after the call; false for session-pinned
 *     sandboxes ({@code /tmp}, {@code /dev/shm} and stray processes are cleaned regardless)
 */
public record RunRequest(List<String> argv, Map<String, String> env, String workdir, byte[] stdin, Duration timeout,
                         RunLimits limits, int stdoutCap, int stderrCap, long outputCeiling, boolean wipe) {

    /** Most bytes stdout and stderr may keep together, so that a RESULT fits one frame. */
    public static final int MAX_CAPTURE_BYTES = AgentFrameCodec.MAX_PAYLOAD - 64 * 1024;

    public RunRequest {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("argv must name a command");
        }
        argv.forEach(a -> requireNoNul("argv element", a));
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        env.forEach((k, v) -> {
            if (k.isEmpty() || k.indexOf('=') >= 0) {
                throw new IllegalArgumentException("bad environment variable name '" + k + "'");
            }
            requireNoNul("environment variable " + k, k + v);
        });
        requireNoNul("workdir", Objects.requireNonNull(workdir, "workdir"));
        stdin = stdin.clone();
        Objects.requireNonNull(limits, "limits");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (stdoutCap < 0 || stderrCap < 0 || (long) stdoutCap + stderrCap > MAX_CAPTURE_BYTES) {
            throw new IllegalArgumentException("stdoutCap " + stdoutCap + " + stderrCap " + stderrCap
                    + " must be >= 0 and at most " + MAX_CAPTURE_BYTES + " together");
        }
        if (outputCeiling < 0) {
            throw new IllegalArgumentException("outputCeiling must be >= 0 (0 = none), got " + outputCeiling);
        }
    }

    /** A builder with 10 s timeout, 64 KiB caps, 1 MiB ceiling, PATH only, wipe on. */
    public static Builder builder(String... argv) {
        return new Builder(List.of(argv));
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunRequest r && argv.equals(r.argv) && env.equals(r.env) && workdir.equals(r.workdir)
                && Arrays.equals(stdin, r.stdin) && timeout.equals(r.timeout) && limits.equals(r.limits)
                && stdoutCap == r.stdoutCap && stderrCap == r.stderrCap && outputCeiling == r.outputCeiling
                && wipe == r.wipe;
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, env, workdir, Arrays.hashCode(stdin), timeout, limits, stdoutCap, stderrCap,
                outputCeiling, wipe);
    }

    @Override
    public String toString() {
        return "RunRequest[argv=" + argv + ", workdir=" + workdir + ", stdin=" + stdin.length + " bytes, timeout="
                + timeout + ", limits=" + limits + ", caps=" + stdoutCap + "/" + stderrCap + ", ceiling="
                + outputCeiling + ", wipe=" + wipe + "]";
    }

    private static void requireNoNul(String what, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character");
        }
    }

    /** Mutable, single-thread builder for {@link RunRequest}. */
    public static final class Builder {
        private final List<String> argv;
        private Map<String, String> env = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");
        private String workdir = "";
        private byte[] stdin = new byte[0];
        private Duration timeout = Duration.ofSeconds(10);
        private RunLimits limits = RunLimits.NONE;
        private int stdoutCap = 64 * 1024;
        private int stderrCap = 64 * 1024;
        private long outputCeiling = 1024 * 1024;
        private boolean wipe = true;

        private Builder(List<String> argv) {
            this.argv = argv;
        }

        public Builder env(Map<String, String> value) { env = value; return this; }
        public Builder workdir(String value) { workdir = value; return this; }
        public Builder stdin(byte[] value) { stdin = value; return this; }
        public Builder timeout(Duration value) { timeout = value; return this; }
        public Builder limits(RunLimits value) { limits = value; return this; }
        public Builder stdoutCap(int value) { stdoutCap = value; return this; }
        public Builder stderrCap(int value) { stderrCap = value; return this; }
        public Builder outputCeiling(long value) { outputCeiling = value; return this; }
        public Builder wipe(boolean value) { wipe = value; return this; }

        public RunRequest build() {
            return new RunRequest(argv, env, workdir, stdin, timeout, limits, stdoutCap, stderrCap, outputCeiling, wipe);
        }
    }
}
