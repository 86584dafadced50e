package dev.sandstage.verify;

import static dev.sandstage.verify.DecisionVerifierSignatureTest.assertRejected;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Changing any covered field after signing breaks the signature, with either algorithm. */
class DecisionVerifierTamperTest {

    private final VerifierFixture fx = new VerifierFixture();

    static Stream<Arguments> tamperings() {
        return Stream.of(
                tamper("decision_id", d -> d.setDecisionId("other-id")),
                tamper("session_id", d -> d.setSessionId("session-43")),
                tamper("tenant_id", d -> d.setTenantId("tenant-b")),
                tamper("call_id", d -> d.setCallId("call-8")),
                tamper("tool", d -> d.setTool("fetch_url")),
                tamper("arguments_json", d -> d.setArgumentsJson("{\"instance\":\"i-0abd\",\"verbose\":true}")),
                tamper("reason", d -> d.setReason(null)),
                tamper("policy_id", d -> d.setPolicyId("lenient-policy")),
                tamper("policy_version", d -> d.setPolicyVersion("2026.03.2")),
                tamper("issued_at", d -> d.setIssuedAt(d.getIssuedAt().plusMillis(1))),
                tamper("expires_at", d -> d.setExpiresAt(d.getExpiresAt().plusSeconds(3600))),
                tamper("constraints.timeout_ms", d -> d.getConstraints().setTimeoutMs(6_000L)),
                tamper("constraints.memory_bytes", d -> d.getConstraints().setMemoryBytes(null)),
                tamper("constraints.cpu_millis", d -> d.getConstraints().setCpuMillis(501L)),
                tamper("constraints.max_output_bytes", d -> d.getConstraints().setMaxOutputBytes(1L)),
                tamper("constraints.network", d -> d.getConstraints().setNetwork(null)),
                tamper("constraints", d -> d.setConstraints(null)));
    }

    private static Arguments tamper(String field, Consumer<ToolCallDecision> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void tamperingAfterHmacSigningIsSignatureInvalid(String field, Consumer<ToolCallDecision> change) {
        ToolCallDecision decision = fx.hmacSigned();
        change.accept(decision);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void tamperingAfterEd25519SigningIsSignatureInvalid(String field, Consumer<ToolCallDecision> change) {
        ToolCallDecision decision = DecisionSigner.signed(SampleEvents.decision(), fx.edKey);
        change.accept(decision);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void flippingAllowedToTrueIsSignatureInvalid() {
        ToolCallDecision denied = SampleEvents.decision();
        denied.setAllowed(false);
        ToolCallDecision decision = DecisionSigner.signed(denied, fx.hmacKey);
        decision.setAllowed(true);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void addingNetworkAfterSigningIsSignatureInvalid() {
        ToolCallDecision decision = fx.hmacSigned();
        decision.getConstraints().setNetwork(NetworkMode.EGRESS);

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_INVALID);
    }
}
