package dev.sandstage.pool;

import static dev.sandstage.pool.DockerPoolFixture.python;
import static dev.sandstage.pool.DockerPoolFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.agent.RunReason;
import dev.sandstage.pool.DockerPoolFixture.Call;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adversarial battery through a real pool, part 3: tools that exhaust what their sandbox
 * has (processes, memory, workspace bytes and inodes). Each ends in the status the stage
 * reports, and the pool is whole afterwards. The class allows 32 processes so that a fork bomb
 * hits its wall quickly; memory stays at 256 MiB because tmpfs pages (the workspace and
 * {@code /tmp}) are charged to the container's memory, so filling the disk must not be an OOM.
 */
class SandboxBatteryResourcesIT {

    static final ClassLimits SMALL = new ClassLimits(256L << 20, 1.0, 32);

    private static final DockerPools POOLS = new DockerPools(SandboxBatteryResourcesIT.class,
            cls -> new SandboxClass(cls.name(), cls.image(), cls.runtime(), cls.hardeningProfile(), SMALL,
                    cls.minIdle(), cls.max(), cls.maxUses(), cls.idleTtl(), cls.sessionIdleTimeout()));

    static final String FORK_BOMB = "perl -e 'fork while 1'";
    static final String MEMORY_BOMB = "b = []\nwhile True: b.append(b'x' * (1 << 20))";

    @AfterAll
    static void closePools() throws Exception {
        POOLS.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aForkBombEndsAtItsTimeoutAndTheSandboxIsReplaced(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Duration timeout = Duration.ofSeconds(2);
        Call call = pool.call(sh(FORK_BOMB).timeout(timeout));

        assertThat(call.result().reason()).isEqualTo(RunReason.TIMEOUT);
        // Ended by its own timeout, not by the caller's deadline (timeout + 30 s); killing and reaping
        // the bomb's processes takes seconds of its own on a loaded machine, so no tighter bound.
        assertThat(call.result().wall()).isLessThan(timeout.plusSeconds(15));
        pool.assertReplaced(call, DestroyReason.TIMED_OUT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aForkBombLeftInTheBackgroundIsKilledBeforeTheSandboxServesAgain(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh(FORK_BOMB + " > /dev/null 2>&1 & echo left"));

        assertThat(call.result().succeeded()).as("%s", call.result()).isTrue();
        assertThat(call.stdout()).isEqualTo("left\n");
        pool.assertReusedAndHealthy(call);
        assertThat(pool.callEveryIdle(() -> sh("grep -l pe[r]l /proc/[0-9]*/cmdline; echo checked")))
                .allSatisfy(c -> assertThat(c.stdout()).isEqualTo("checked\n"));
    }

    /**
     * Under runc the agent sees the tool die of the cgroup's OOM kill. Under runsc (gVisor keeps
     * no memory limit inside the sandbox) the host's OOM killer takes the whole container down:
     * the runsc spec's oom_score_adj makes it pick gVisor's sentry rather than the tool's stub
     * process, which would end only the tool, with exit status 1. The sandbox then asks the
     * engine, which says OOMKilled. Either way the stage reports OOM and the sandbox is replaced.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aMemoryBombEndsInOomAndTheSandboxIsReplaced(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(python(MEMORY_BOMB).timeout(Duration.ofSeconds(10)));

        assertThat(call.result().reason()).as("%s", call.result()).isEqualTo(RunReason.OOM);
        assertThat(call.result().message()).containsIgnoringCase("OOM");
        if (runtime.equals("runc")) {
            // ru_maxrss counts shared library pages the cgroup charged earlier, so it may pass the limit a little.
            assertThat(call.result().peakRssBytes())
                    .isBetween(SMALL.memoryBytes() / 2, SMALL.memoryBytes() + (32L << 20));
        }
        pool.assertReplaced(call, DestroyReason.OOM);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void fillingTheWorkspaceEndsInNoSpaceLeftAndTheSpaceIsBackForTheNextCall(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        // Three files of 30 MiB: each stays under the 32 MiB fsize limit, together they pass the 64 MiB workspace.
        Call call = pool.call(sh("for i in 1 2 3; do head -c 30M /dev/zero > /workspace/f$i || exit; echo f$i; done"));

        assertThat(call.result().reason()).isEqualTo(RunReason.EXITED);
        assertThat(call.result().exitCode()).isNotZero();
        assertThat(call.stdout()).isEqualTo("f1\nf2\n");
        assertThat(call.stderr()).contains("No space left on device");
        pool.assertReusedAndHealthy(call);
        assertThat(pool.callEveryIdle(() -> sh("head -c 30M /dev/zero > /workspace/a && head -c 30M /dev/zero"
                + " > /workspace/b && echo room"))).allSatisfy(c -> assertThat(c.stdout()).isEqualTo("room\n"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aFileLargerThanTheFileSizeLimitGetsItsWriterKilledBySigxfsz(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("head -c 40M /dev/zero > /workspace/big"));

        assertThat(call.result().reason()).isEqualTo(RunReason.EXITED);
        // The shell reports its child's SIGXFSZ (25) as 128 + 25.
        assertThat(call.result().exitCode()).isEqualTo(128 + 25);
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void creatingFilesUntilTheInodesRunOutIsBoundedAndTheyAreGoneForTheNextCall(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(python("""
                import errno, os
                n = 0
                try:
                    while n < 6000:
                        open('/workspace/f%d' % n, 'w').close(); n += 1
                    print('created', n)
                except OSError as e:
                    print(errno.errorcode[e.errno], 'after', n)
                """).timeout(Duration.ofSeconds(20)));

        assertThat(call.result().succeeded()).as("%s", call.result()).isTrue();
        if (runtime.equals("runc")) {
            long inodes = HardeningProfile.STRICT.defaultLimits().workspaceInodes();
            assertThat(call.stdout()).matches("ENOSPC after \\d+\n");
            assertThat(Long.parseLong(call.stdout().replaceAll("\\D", ""))).isBetween(inodes - 16, inodes);
        } else {
            // gVisor ignores tmpfs nr_inodes: only the workspace size (and the call's timeout) bound it.
            assertThat(call.stdout()).isEqualTo("created 6000\n");
        }
        pool.assertReusedAndHealthy(call);
        assertThat(pool.callEveryIdle(() -> python("import os; print(len(os.listdir('/workspace')))")))
                .allSatisfy(c -> assertThat(c.stdout()).isEqualTo("0\n"));
    }
}
