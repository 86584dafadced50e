package dev.sandstage.pool;

import static dev.sandstage.pool.DockerPoolFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.agent.RunReason;
import dev.sandstage.agent.RunRequest;
import dev.sandstage.pool.DockerPoolFixture.Call;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adversarial battery through a real pool, part 1: what a call reports for ordinary ends,
 * a timeout and an output flood, and what happens to its sandbox afterwards.
 */
class SandboxBatteryCallsIT {

    private static final DockerPools POOLS = new DockerPools(SandboxBatteryCallsIT.class);

    @AfterAll
    static void closePools() throws Exception {
        POOLS.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void echoReportsStdoutStderrAndExitCodeAndTheSandboxIsReused(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("echo hello; echo oops >&2; exit 3"));
        Call ok = pool.call(sh("echo fine"));

        assertThat(call.result().reason()).isEqualTo(RunReason.EXITED);
        assertThat(call.result().exitCode()).isEqualTo(3);
        assertThat(call.stdout()).isEqualTo("hello\n");
        assertThat(call.stderr()).isEqualTo("oops\n");
        assertThat(ok.result().succeeded()).isTrue();
        assertThat(ok.stdout()).isEqualTo("fine\n");
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void stdinLargerThanAPipeBufferReachesTheToolIntact(String runtime) throws Exception {
        DockerPoolFixture pool = POOLS.of(runtime);
        byte[] input = "line of stdin\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);

        Call call = pool.call(sh("sha256sum; echo after").stdin(input));

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        assertThat(call.result().succeeded()).isTrue();
        assertThat(call.stdout()).isEqualTo(sha + "  -\nafter\n");
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void sleepingPastTheTimeoutEndsInTimeoutAndTheSandboxIsReplaced(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("echo started; sleep 60 & sleep 60").timeout(Duration.ofMillis(500)));

        assertThat(call.result().reason()).isEqualTo(RunReason.TIMEOUT);
        assertThat(call.stdout()).isEqualTo("started\n");
        // Ended by its timeout, not by the sleep or the caller's deadline (timeout + 30 s); no tighter
        // upper bound, which a loaded machine could break.
        assertThat(call.result().wall()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(15));
        pool.assertReplaced(call, DestroyReason.TIMED_OUT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void floodingStdoutEndsInOutputLimitWithTruncatedOutputAndTheSandboxIsReused(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("yes").stdoutCap(4096).outputCeiling(256 * 1024));

        assertThat(call.result().reason()).isEqualTo(RunReason.OUTPUT_LIMIT);
        assertThat(call.result().stdout().truncated()).isTrue();
        assertThat(call.result().stdout().totalBytes()).isGreaterThan(256 * 1024);
        assertThat(call.stdout()).isEqualTo("y\n".repeat(2048));
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aToolEndedByASignalIsReportedAsKilledWithThatSignal(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("echo before; kill -SEGV $$"));

        assertThat(call.result().reason()).isEqualTo(RunReason.KILLED);
        assertThat(call.result().signal()).isEqualTo(11);
        assertThat(call.stdout()).isEqualTo("before\n");
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aMissingCommandIsReportedAsSpawnFailedAndTheSandboxIsReused(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(RunRequest.builder("no-such-tool", "--help"));

        assertThat(call.result().reason()).isEqualTo(RunReason.SPAWN_FAILED);
        assertThat(call.result().message()).contains("no-such-tool").contains("No such file or directory");
        pool.assertReusedAndHealthy(call);
    }
}
