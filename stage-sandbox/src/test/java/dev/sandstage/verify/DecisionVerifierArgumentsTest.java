package dev.sandstage.verify;

import static dev.sandstage.verify.DecisionVerifierSignatureTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** allowed, tool, size, JSON and schema steps, with decisions signed by the HMAC key. */
class DecisionVerifierArgumentsTest {

    private final VerifierFixture fx = new VerifierFixture();

    @Test
    void deniedDecisionIsNotAllowedWithThePolicyReasonEvenUnsigned() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setAllowed(false);
        decision.setReason("tool not permitted for tenant");
        decision.setSignature(null);

        Verdict verdict = fx.verifier().verify(decision);

        assertThat(verdict).isEqualTo(new Verdict.NotAllowed("tool not permitted for tenant"));
        assertThat(((Verdict.NotAllowed) verdict).code()).isEqualTo(ErrorCode.DECISION_NOT_ALLOWED);
    }

    @Test
    void acceptedDecisionCarriesToolAndParsedArguments() {
        Verdict.Accepted accepted = (Verdict.Accepted) fx.verifier().verify(fx.hmacSigned());

        assertThat(accepted.tool()).isSameAs(fx.describeInstance);
        assertThat(accepted.arguments().get("instance").asText()).isEqualTo("i-0abc");
        assertThat(accepted.arguments().get("verbose").asBoolean()).isTrue();
    }

    @Test
    void rejectsUnknownToolNamingIt() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setTool("rm_rf\n");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.TOOL_UNKNOWN).contains("'rm_rf\\u000a'");
    }

    @Test
    void rejectsArgumentsAboveTheToolsCap() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setArgumentsJson("{\"instance\":\"i-" + "a".repeat(5000) + "\"}");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.ARGUMENTS_TOO_LARGE)
                .contains("5017 bytes", "'describe_instance''s cap of 4096").doesNotContain("aaaa");
    }

    @Test
    void rejectsArgumentsAboveTheGlobalCapCountingUtf8Bytes() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setArgumentsJson("{\"instance\":\"" + "é".repeat(60) + "\"}");

        assertRejected(fx.verifier(new VerifierSettings(true, Duration.ofSeconds(30), 128)).verify(
                DecisionSigner.signed(decision, fx.hmacKey)), ErrorCode.ARGUMENTS_TOO_LARGE)
                .contains("135 bytes", "the stage's cap of 128");
    }

    @Test
    void rejectsArgumentsThatAreNotJson() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setArgumentsJson("{\"instance\": i-0abc}");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.ARGUMENTS_NOT_JSON).contains("line 1, column");
    }

    @Test
    void rejectsEmptyArguments() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setArgumentsJson("  ");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.ARGUMENTS_NOT_JSON).contains("empty");
    }

    @Test
    void rejectsTrailingContentAfterTheDocument() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setArgumentsJson("{\"instance\":\"i-0abc\"} {\"instance\":\"i-0abd\"}");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.ARGUMENTS_NOT_JSON);
    }

    @Test
    void rejectsDuplicateKeysThatCouldMeanDifferentThingsToPolicyAndTool() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setArgumentsJson("{\"instance\":\"i-0abc\",\"instance\":\"i-0bad\"}");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.ARGUMENTS_NOT_JSON).contains("instance");
    }

    @Test
    void rejectsArgumentsViolatingTheSchemaNamingThePaths() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setArgumentsJson("{\"instance\":\"db-prod-secret\",\"verbose\":\"yes\",\"extra\":1}");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.ARGUMENTS_SCHEMA_VIOLATION)
                .contains("'describe_instance'", "$.instance", "$.verbose", "extra")
                .doesNotContain("db-prod-secret");
    }

    @Test
    void rejectsArgumentsMissingARequiredProperty() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setArgumentsJson("{}");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.ARGUMENTS_SCHEMA_VIOLATION).contains("instance");
    }
}
