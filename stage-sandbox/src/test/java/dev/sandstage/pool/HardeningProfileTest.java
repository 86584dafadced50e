package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.SandstageFatalException;
import org.junit.jupiter.api.Test;

class HardeningProfileTest {

    @Test
    void strictIsTheDefaultAndABlankNameMeansIt() {
        assertThat(HardeningProfile.DEFAULT).isSameAs(HardeningProfile.strict());
        assertThat(HardeningProfile.named(null)).isSameAs(HardeningProfile.STRICT);
        assertThat(HardeningProfile.named("  ")).isSameAs(HardeningProfile.STRICT);
    }

    @Test
    void presetsAreFoundByNameIgnoringCase() {
        assertThat(HardeningProfile.named("strict")).isSameAs(HardeningProfile.STRICT);
        assertThat(HardeningProfile.named("Moderate")).isSameAs(HardeningProfile.MODERATE);
        assertThat(HardeningProfile.named(" LENIENT ")).isSameAs(HardeningProfile.LENIENT);
        assertThat(HardeningProfile.presetNames()).containsExactly("strict", "moderate", "lenient");
    }

    @Test
    void anUnknownNameIsAFatalErrorNamingTheKnownOnes() {
        assertThatThrownBy(() -> HardeningProfile.named("paranoid"))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("unknown hardening profile")
                .hasMessageContaining("paranoid")
                .hasMessageContaining("strict, moderate, lenient");
    }

    @Test
    void strictHasReadOnlyRootNoExecAndNoSharedMemory() {
        HardeningProfile strict = HardeningProfile.STRICT;
        assertThat(strict.readOnlyRootfs()).isTrue();
        assertThat(strict.workspaceExec()).isFalse();
        assertThat(strict.tmpExec()).isFalse();
        assertThat(strict.sharedMemory()).isFalse();
    }

    @Test
    void presetsLoosenStepByStep() {
        assertThat(HardeningProfile.MODERATE.readOnlyRootfs()).isTrue();
        assertThat(HardeningProfile.MODERATE.workspaceExec()).isTrue();
        assertThat(HardeningProfile.MODERATE.tmpExec()).isFalse();
        assertThat(HardeningProfile.LENIENT.readOnlyRootfs()).isFalse();
        assertThat(HardeningProfile.LENIENT.tmpExec()).isTrue();
        assertThat(HardeningProfile.STRICT.defaultLimits().memoryBytes())
                .isLessThan(HardeningProfile.MODERATE.defaultLimits().memoryBytes())
                .isLessThan(HardeningProfile.LENIENT.defaultLimits().memoryBytes());
    }
}
