package dev.sandstage.verify;

import static dev.sandstage.verify.DecisionVerifierSignatureTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import org.junit.jupiter.api.Test;

/** Expiry and issue time against the injected clock (now = T0 + 1 s, skew 30 s), then replays. */
class DecisionVerifierTimeAndReplayTest {

    private final VerifierFixture fx = new VerifierFixture();

    @Test
    void rejectsDecisionExpiredBeyondTheSkew() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setExpiresAt(VerifierFixture.NOW.minusSeconds(31));

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.DECISION_EXPIRED)
                .contains("expires_at " + VerifierFixture.NOW.minusSeconds(31), "PT30S");
    }

    @Test
    void acceptsDecisionExpiredWithinTheSkew() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setExpiresAt(VerifierFixture.NOW.minusSeconds(30));

        assertThat(fx.verifyHmacSigned(decision)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void rejectsDecisionIssuedInTheFutureBeyondTheSkew() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setIssuedAt(VerifierFixture.NOW.plusSeconds(31));
        decision.setExpiresAt(VerifierFixture.NOW.plusSeconds(90));

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.DECISION_FROM_FUTURE)
                .contains("issued_at " + VerifierFixture.NOW.plusSeconds(31));
    }

    @Test
    void acceptsDecisionIssuedInTheFutureWithinTheSkew() {
        ToolCallDecision decision = SampleEvents.decision();
        decision.setIssuedAt(VerifierFixture.NOW.plusSeconds(30));

        assertThat(fx.verifyHmacSigned(decision)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void rejectsReplayedDecisionId() {
        ToolCallDecision decision = fx.hmacSigned();
        fx.executed.add(decision.getDecisionId());

        assertRejected(fx.verifier().verify(decision), ErrorCode.DECISION_REPLAYED)
                .contains("'" + decision.getDecisionId() + "'");
    }

    @Test
    void unsignedReplayIsSignatureMissingSoJunkNeverReachesTheJournal() {
        ToolCallDecision decision = SampleEvents.decision("d-replayed");
        decision.setSignature(null);
        decision.setExpiresAt(VerifierFixture.NOW.minusSeconds(3600));
        fx.executed.add("d-replayed");

        assertRejected(fx.verifier().verify(decision), ErrorCode.SIGNATURE_MISSING);
    }

    @Test
    void expiryIsCheckedBeforeReplay() {
        ToolCallDecision decision = SampleEvents.decision("d-old");
        decision.setExpiresAt(VerifierFixture.NOW.minusSeconds(3600));
        fx.executed.add("d-old");

        assertRejected(fx.verifyHmacSigned(decision), ErrorCode.DECISION_EXPIRED);
    }
}
