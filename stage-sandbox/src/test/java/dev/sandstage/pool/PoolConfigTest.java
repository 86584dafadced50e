package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolConfigTest {

    private static final String IMAGE = "sandstage/base:bookworm";

    @Test
    void minIdleAboveMaxIsRejectedNamingKeyValueAndReason() {
        assertThatThrownBy(() -> SandboxClass.of("python", IMAGE, 5, 3))
                .isInstanceOfSatisfying(PoolConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("pool.classes.python.min-idle");
                    assertThat(e.value()).isEqualTo("5");
                    assertThat(e.reason()).isEqualTo("must not exceed max (3)");
                    assertThat(e.retriable()).isFalse();
                })
                .hasMessage("invalid pool configuration: pool.classes.python.min-idle=5: must not exceed max (3)"
                        + " [key=pool.classes.python.min-idle, value=5, reason=must not exceed max (3)]");
    }

    @Test
    void sumOfMinIdleAboveTheGlobalCapIsRejected() {
        List<SandboxClass> classes = List.of(SandboxClass.of("a", IMAGE, 2, 4), SandboxClass.of("b", IMAGE, 2, 4));

        assertThatThrownBy(() -> PoolConfig.of("stage-1", 3, classes))
                .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.key()).isEqualTo("pool.global-max"))
                .hasMessageContaining("sum of min-idle over all classes (4)");
    }

    @Test
    void classDeclaredTwiceIsRejected() {
        List<SandboxClass> classes = List.of(SandboxClass.of("a", IMAGE, 0, 1), SandboxClass.of("a", IMAGE, 0, 2));

        assertThatThrownBy(() -> PoolConfig.of("stage-1", 3, classes))
                .hasMessageContaining("pool.classes.a=a: class name is declared twice");
    }

    @Test
    void runtimeOtherThanRuncOrRunscIsRejected() {
        assertThatThrownBy(() -> SandboxClass.of("a", IMAGE, 0, 1).withRuntime("kata"))
                .isInstanceOfSatisfying(PoolConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("pool.classes.a.runtime"))
                .hasMessageContaining("must be one of");
    }

    @Test
    void nonPositiveCapsAndDurationsAreRejected() {
        assertThatThrownBy(() -> SandboxClass.of("a", IMAGE, 0, 0)).hasMessageContaining("pool.classes.a.max=0");
        assertThatThrownBy(() -> SandboxClass.of("a", IMAGE, 0, 1).withMaxUses(0))
                .hasMessageContaining("pool.classes.a.max-uses=0");
        assertThatThrownBy(() -> SandboxClass.of("a", IMAGE, 0, 1).withIdleTtl(Duration.ZERO))
                .hasMessageContaining("pool.classes.a.idle-ttl=PT0S: must be a positive duration");
        assertThatThrownBy(() -> PoolConfig.of("stage-1", 0, List.of(SandboxClass.of("a", IMAGE, 0, 1))))
                .hasMessageContaining("pool.global-max=0");
        assertThatThrownBy(() -> PoolTuning.defaults().withWorkerThreads(0))
                .hasMessageContaining("pool.tuning.worker-threads=0");
        assertThatThrownBy(() -> PoolTuning.defaults().withCreateBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("pool.tuning.create-backoff-max=PT1S");
    }

    @Test
    void classNameAndInstanceIdMustBeLabelSafe() {
        assertThatThrownBy(() -> SandboxClass.of("Py Thon", IMAGE, 0, 1)).hasMessageContaining("pool.classes.<name>=Py Thon");
        assertThatThrownBy(() -> PoolConfig.of("stage 1", 1, List.of(SandboxClass.of("a", IMAGE, 0, 1))))
                .hasMessageContaining("stage.instance-id=stage 1");
        assertThatThrownBy(() -> new ClassLimits(1024, 1.0, 10)).hasMessageContaining("limits.memory=1024");
    }

    @Test
    void memoryMustCoverTheProfilesTmpfsMountsSoThatAFullWorkspaceIsNotAnOom() {
        SandboxClass strict = SandboxClass.of("small", IMAGE, 0, 1);

        assertThatThrownBy(() -> new SandboxClass("small", IMAGE, "runc", "strict", new ClassLimits(64L << 20, 1.0, 32),
                0, 1, 1, strict.idleTtl(), strict.sessionIdleTimeout()))
                .hasMessageContaining("pool.classes.small.limits.memory=67108864")
                .hasMessageContaining("strict profile's tmpfs mounts (83886080 bytes)");
        assertThatThrownBy(() -> new SandboxClass("big", IMAGE, "runc", "moderate", ClassLimits.DEFAULT, 0, 1, 1,
                strict.idleTtl(), strict.sessionIdleTimeout()))
                .hasMessageContaining("pool.classes.big.limits.memory=268435456");
        assertThat(new SandboxClass("big", IMAGE, "runc", "moderate", new ClassLimits(512L << 20, 1.0, 64), 0, 1, 1,
                strict.idleTtl(), strict.sessionIdleTimeout()).limits().memoryBytes()).isEqualTo(512L << 20);
    }

    @Test
    void defaultsAreValid() {
        PoolConfig config = PoolConfig.of("stage-1", 4, List.of(SandboxClass.of("python", IMAGE, 2, 4)));

        assertThat(config.acquireDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.sandboxClass("python").runtime()).isEqualTo("runc");
        assertThat(config.sandboxClass("ruby")).isNull();
        assertThat(new SandboxCreateRequest("stage-1", "python-1", config.sandboxClass("python")).labels())
                .containsEntry("sandstage.instance", "stage-1").containsEntry("sandstage.class", "python")
                .containsEntry("sandstage.sandbox", "python-1");
    }
}
