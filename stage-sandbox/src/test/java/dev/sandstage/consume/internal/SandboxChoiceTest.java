package dev.sandstage.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.consume.internal.SandboxChoice.OneOff;
import dev.sandstage.consume.internal.SandboxChoice.Refused;
import dev.sandstage.consume.internal.SandboxChoice.Warm;
import dev.sandstage.pool.ClassLimits;
import dev.sandstage.verify.EffectiveLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxChoiceTest {

    private static final long MIB = 1L << 20;
    private static final ClassLimits CLASS = new ClassLimits(256 * MIB, 1.0, 64);

    private static EffectiveLimits limits(long memory, double cpus) {
        return new EffectiveLimits(Duration.ofSeconds(5), memory, cpus, 64 * 1024, false);
    }

    @Test
    void theClassLimitsThemselvesRunInAWarmSandbox() {
        assertThat(SandboxChoice.of(limits(256 * MIB, 1.0), CLASS, false)).isInstanceOf(Warm.class);
        assertThat(SandboxChoice.of(limits(256 * MIB, 1.0), CLASS, true)).isInstanceOf(Warm.class);
    }

    @Test
    void tighterTimeoutOutputOrNetworkAloneStayOnTheWarmPath() {
        EffectiveLimits tight = new EffectiveLimits(Duration.ofMillis(100), 256 * MIB, 1.0, 10, false);

        assertThat(SandboxChoice.of(tight, CLASS, false)).isInstanceOf(Warm.class);
    }

    @Test
    void lowerMemoryGetsAOneOffSandboxWithThatMemoryAndTheClassCpuAndPids() {
        assertThat(SandboxChoice.of(limits(96 * MIB, 1.0), CLASS, false))
                .isEqualTo(new OneOff(new ClassLimits(96 * MIB, 1.0, 64)));
    }

    @Test
    void lowerCpuGetsAOneOffSandboxWithThatCpuAndTheClassMemory() {
        assertThat(SandboxChoice.of(limits(256 * MIB, 0.25), CLASS, false))
                .isEqualTo(new OneOff(new ClassLimits(256 * MIB, 0.25, 64)));
    }

    @Test
    void bothLowerGetBoth() {
        assertThat(SandboxChoice.of(limits(64 * MIB, 0.5), CLASS, false))
                .isEqualTo(new OneOff(new ClassLimits(64 * MIB, 0.5, 64)));
    }

    @Test
    void aMillicoreBelowAFractionalClassCpuCountsAsTighter() {
        ClassLimits fractional = new ClassLimits(256 * MIB, 0.5005, 64);

        assertThat(SandboxChoice.of(limits(256 * MIB, 0.5), fractional, false))
                .isEqualTo(new OneOff(new ClassLimits(256 * MIB, 0.5, 64)));
    }

    @Test
    void aSessionIsolatedToolWithLowerMemoryIsRefusedBecauseItsSandboxIsShared() {
        assertThat(SandboxChoice.of(limits(96 * MIB, 1.0), CLASS, true)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.message()).contains("memory", "session-isolated"));
        assertThat(SandboxChoice.of(limits(256 * MIB, 0.5), CLASS, true)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.message()).contains("CPU", "session-isolated"));
    }

    @Test
    void memoryBelowTheSmallestContainerLimitIsRefusedNotRoundedUp() {
        assertThat(SandboxChoice.of(limits(4 * MIB, 1.0), CLASS, false)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.message()).contains("constraints.memory_bytes is " + 4 * MIB, "8388608"));
        assertThat(SandboxChoice.of(limits(8 * MIB, 1.0), CLASS, false)).isInstanceOf(OneOff.class);
    }

    @Test
    void cpuBelowTheSmallestQuotaIsRefusedNotRoundedUp() {
        assertThat(SandboxChoice.of(limits(256 * MIB, 0.005), CLASS, false)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.message()).contains("constraints.cpu_millis", "0.01"));
        assertThat(SandboxChoice.of(limits(256 * MIB, 0.01), CLASS, false)).isInstanceOf(OneOff.class);
    }
}
