package dev.sandstage.verify;

import static dev.sandstage.verify.DecisionVerifierSignatureTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.Constraints;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** describe_instance: 10 s, 128 MiB, 1 cpu, 1 MiB output, no network. fetch_url: 30 s, 256 MiB, 2 cpus, 4 MiB, network. */
class DecisionVerifierConstraintsTest {

    private final VerifierFixture fx = new VerifierFixture();

    @Test
    void constraintsTightenTheToolsCeilings() {
        Verdict.Accepted accepted = (Verdict.Accepted) fx.verifier().verify(fx.hmacSigned());

        assertThat(accepted.limits()).isEqualTo(new EffectiveLimits(Duration.ofSeconds(5), 64L << 20, 0.5, 64L << 10, false));
    }

    @Test
    void noConstraintsMeansTheToolsCeilings() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setConstraints(null);

        assertThat(limitsOf(decision)).isEqualTo(EffectiveLimits.of(VerifierFixture.DESCRIBE_CEILINGS));
    }

    @Test
    void partialConstraintsTightenOnlyWhatTheyName() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setConstraints(Constraints.newBuilder().setMemoryBytes(32L << 20).build());

        assertThat(limitsOf(decision)).isEqualTo(new EffectiveLimits(Duration.ofSeconds(10), 32L << 20, 1.0, 1L << 20, false));
    }

    @Test
    void constraintsEqualToTheCeilingsAreAccepted() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setConstraints(new Constraints(10_000L, 128L << 20, 1_000L, 1L << 20, NetworkMode.NONE));

        assertThat(limitsOf(decision)).isEqualTo(EffectiveLimits.of(VerifierFixture.DESCRIBE_CEILINGS));
    }

    @Test
    void rejectsEveryConstraintAboveItsCeilingNamingFieldAndValues() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setConstraints(new Constraints(10_001L, 256L << 20, 1_001L, 2L << 20, NetworkMode.NONE));

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.CONSTRAINTS_LOOSEN_LIMITS).contains(
                "constraints.timeout_ms is 10001, above the tool's ceiling of 10000",
                "constraints.memory_bytes is 268435456",
                "constraints.cpu_millis is 1001, above the tool's ceiling of 1000",
                "constraints.max_output_bytes is 2097152");
    }

    @Test
    void rejectsNonPositiveConstraintsThatRuntimesReadAsUnlimited() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setConstraints(Constraints.newBuilder().setMemoryBytes(-1L).setTimeoutMs(0L).build());

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.CONSTRAINTS_LOOSEN_LIMITS)
                .contains("constraints.memory_bytes is -1", "constraints.timeout_ms is 0");
    }

    @Test
    void rejectsEgressForAToolWithoutNetwork() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.getConstraints().setNetwork(NetworkMode.EGRESS);

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.CONSTRAINTS_LOOSEN_LIMITS)
                .contains("constraints.network is EGRESS");
    }

    @Test
    void egressKeepsNetworkForAToolThatHasIt() {
        assertThat(limitsOf(fetch(NetworkMode.EGRESS)).networkAllowed()).isTrue();
    }

    @Test
    void noneTurnsOffTheNetworkOfAToolThatHasIt() {
        assertThat(limitsOf(fetch(NetworkMode.NONE)).networkAllowed()).isFalse();
    }

    @Test
    void unknownNetworkModeFromANewerWriterFailsClosed() {
        assertThat(limitsOf(fetch(NetworkMode.UNKNOWN)).networkAllowed()).isFalse();
    }

    private static ToolCallDecision fetch(NetworkMode network) {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setTool("fetch_url");
        decision.setArgumentsJson("{\"url\":\"https://example.org/\"}");
        decision.setConstraints(Constraints.newBuilder().setNetwork(network).build());
        return decision;
    }

    private EffectiveLimits limitsOf(ToolCallDecision decision) {
        Verdict verdict = fx.verifyHmacSigned(decision);
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        return ((Verdict.Accepted) verdict).limits();
    }
}
