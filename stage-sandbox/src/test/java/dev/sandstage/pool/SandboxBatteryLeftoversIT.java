package dev.sandstage.pool;

import static dev.sandstage.pool.DockerPoolFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.pool.DockerPoolFixture.Call;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial battery through a real pool, part 5: what a call can leave in its container's
 * namespaces that outlives its processes, and proof that the next call in the same sandbox finds
 * none of it. Under runc and runsc, on the strict and the moderate profile, with the
 * {@link StateProbeImage} (a static C program that plants and looks) as the tool image.
 *
 * <p>Each test first checks, inside the planting call, that the probe does see what it left (so
 * a probe that saw nothing could not make the test pass).
 */
class SandboxBatteryLeftoversIT {

    private static final String PROBE = StateProbeImage.PROBE;
    private static final String IMAGE = StateProbeImage.ensure();
    private static final DockerPools STRICT = new DockerPools(SandboxBatteryLeftoversIT.class,
            cls -> withProfile(cls, "strict", ClassLimits.DEFAULT));
    private static final DockerPools MODERATE = new DockerPools(SandboxBatteryLeftoversIT.class,
            cls -> withProfile(cls, "moderate", new ClassLimits(512L << 20, 1.0, 128)));
    private static final List<String> WRITABLE = List.of("/workspace", "/tmp", "/dev/shm", "/dev/mqueue", "/var/tmp");

    @AfterAll
    static void closePools() throws Exception {
        try (DockerPools strict = STRICT; DockerPools moderate = MODERATE) {
            // both closed, even when one fails
        }
    }

    static Stream<Arguments> runtimesAndProfiles() {
        return Stream.of(Arguments.of("runc", "strict"), Arguments.of("runc", "moderate"),
                Arguments.of("runsc", "strict"), Arguments.of("runsc", "moderate"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("runtimesAndProfiles")
    void systemVIpcObjectsWithDataAreGoneForTheNextCallAndPosixQueuesCannotBeMade(String runtime, String profile) {
        DockerPoolFixture pool = pool(runtime, profile);
        String session = "ipc-" + runtime + "-" + profile;

        Call plant = pool.call(sh(PROBE + " plant; " + PROBE + " show"), session);
        Call next = pool.call(sh(PROBE + " show"), session);

        // Message queue, shared memory, semaphore set: under a known key, and as IPC_PRIVATE with
        // mode 0, which hides them from *_STAT. POSIX message queues are refused by seccomp.
        assertThat(plant.stdout()).startsWith("""
                planted msg
                planted shm
                planted sem
                planted msg hidden
                planted shm hidden
                planted sem hidden
                cannot mq_open: Operation not permitted
                """).contains("found msg by key: secret-msg\n", "found shm by key: secret-shm\n",
                "found sem by key: value 42\n").doesNotContain("found mq");
        // The complete view of each kind (/proc/sysvipc under runc, an id scan under gVisor) sees
        // the hidden object beside the keyed one.
        for (String kind : List.of("msg", "shm", "sem")) {
            assertThat(plant.stdout().lines().filter(l -> l.startsWith("found " + kind + " in /proc/sysvipc")
                    || l.matches("found " + kind + " id \\d+ by scan"))).as(kind).hasSize(2);
        }
        assertThat(next.sandboxId()).isEqualTo(plant.sandboxId());
        assertThat(next.stdout()).isEqualTo("none\n");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("runtimesAndProfiles")
    void abstractSocketsFileLocksAndTimersEndWithTheCall(String runtime, String profile) {
        DockerPoolFixture pool = pool(runtime, profile);
        String session = "held-" + runtime + "-" + profile;
        // The lock file lives in the session's workspace, which survives into the next call.
        String check = PROBE + " check /workspace/lock";

        Call hold = pool.call(sh(PROBE + " hold /workspace/lock && " + check), session);
        Call next = pool.call(sh(check), session);

        assertThat(hold.stdout()).isEqualTo("""
                holding
                socket: connected
                flock: held
                fcntl: held
                ofd: held
                timers: ticking
                """);
        assertThat(next.sandboxId()).isEqualTo(hold.sandboxId());
        assertThat(next.stdout()).isEqualTo("""
                socket: refused
                flock: free
                fcntl: free
                ofd: free
                timers: silent
                """);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("runtimesAndProfiles")
    void filesInEveryWritablePathAreGoneForTheNextCallUnderCallIsolation(String runtime, String profile) {
        DockerPoolFixture pool = pool(runtime, profile);
        String write = WRITABLE.stream().map(d -> "(echo left > " + d + "/f) 2>/dev/null && echo '" + d
                + " written' || echo '" + d + " refused'; ").reduce("", String::concat);
        String look = WRITABLE.stream().map(d -> "test -e " + d + "/f && echo '" + d + " kept'; ")
                .reduce("", String::concat) + "echo looked";

        Call first = pool.call(sh(write));
        List<Call> after = pool.callEveryIdle(() -> sh(look));

        // /dev/shm exists only where the profile gives a private one; /dev/mqueue is an empty
        // read-only mount and /var/tmp lies on the read-only root under both profiles.
        String shm = profile.equals("moderate") ? "written" : "refused";
        assertThat(first.stdout()).isEqualTo("/workspace written\n/tmp written\n/dev/shm " + shm
                + "\n/dev/mqueue refused\n/var/tmp refused\n");
        assertThat(after).extracting(Call::sandboxId).contains(first.sandboxId());
        assertThat(after).allSatisfy(c -> assertThat(c.stdout()).isEqualTo("looked\n"));
    }

    private static DockerPoolFixture pool(String runtime, String profile) {
        return (profile.equals("strict") ? STRICT : MODERATE).of(runtime);
    }

    private static SandboxClass withProfile(SandboxClass cls, String profile, ClassLimits limits) {
        return new SandboxClass(cls.name(), IMAGE, cls.runtime(), profile, limits, cls.minIdle(), cls.max(),
                cls.maxUses(), cls.idleTtl(), cls.sessionIdleTimeout());
    }
}
