package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.SandstageFatalException;
import org.junit.jupiter.api.Test;

class SandboxLimitsTest {

    private final SandboxLimits limits = HardeningProfile.STRICT.defaultLimits();

    @Test
    void cpusAreShownAsAFractionOfNanoCpus() {
        assertThat(limits.withCpus(0.5).nanoCpus()).isEqualTo(500_000_000L);
        assertThat(limits.withCpus(1.5).cpus()).isEqualTo(1.5);
    }

    @Test
    void withersChangeOnlyTheirField() {
        SandboxLimits bigger = limits.withMemoryBytes(1L << 30).withPidsLimit(99).withWorkspace(1L << 27, 100)
                .withTmpBytes(1L << 25);
        assertThat(bigger.memoryBytes()).isEqualTo(1L << 30);
        assertThat(bigger.pidsLimit()).isEqualTo(99);
        assertThat(bigger.workspaceBytes()).isEqualTo(1L << 27);
        assertThat(bigger.workspaceInodes()).isEqualTo(100);
        assertThat(bigger.tmpBytes()).isEqualTo(1L << 25);
        assertThat(bigger.nofile()).isEqualTo(limits.nofile());
        assertThat(bigger.fsizeBytes()).isEqualTo(limits.fsizeBytes());
    }

    @Test
    void aLimitBelowItsMinimumIsRejectedWithTheField() {
        assertThatThrownBy(() -> limits.withMemoryBytes(1024))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("field=memoryBytes")
                .hasMessageContaining("value=1024");
        assertThatThrownBy(() -> limits.withPidsLimit(0)).hasMessageContaining("field=pidsLimit");
    }

    @Test
    void runtimesAreFoundByEngineNameAndAnUnknownOneIsFatal() {
        assertThat(SandboxRuntime.fromEngineName("runsc")).isSameAs(SandboxRuntime.RUNSC);
        assertThat(SandboxRuntime.fromEngineName(" RUNC")).isSameAs(SandboxRuntime.RUNC);
        assertThatThrownBy(() -> SandboxRuntime.fromEngineName("kata"))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("kata")
                .hasMessageContaining("runc, runsc");
    }
}
