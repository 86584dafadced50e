package dev.sandstage.verify;

import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real keys (an HMAC secret, a fresh Ed25519 pair), a fixed clock one second after
 * {@link SampleEvents#T0}, a catalog of two schema-checked tools and an in-memory replay set.
 * One per test.
 */
final class VerifierFixture {

    static final Instant NOW = SampleEvents.T0.plusSeconds(1);
    static final byte[] HMAC_SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final ToolCeilings DESCRIBE_CEILINGS = new ToolCeilings(Duration.ofSeconds(10), 128L << 20, 1.0, 1L << 20, false);
    static final ToolCeilings FETCH_CEILINGS = new ToolCeilings(Duration.ofSeconds(30), 256L << 20, 2.0, 4L << 20, true);

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final KeyPair edPair = ed25519Pair();
    final SigningKey hmacKey = SigningKey.hmac("hmac-1", HMAC_SECRET);
    final SigningKey edKey = SigningKey.ed25519("ed-1", edPair.getPrivate());
    final KeyRing ring = KeyRing.of(VerificationKey.hmac("hmac-1", HMAC_SECRET), VerificationKey.ed25519("ed-1", edPair.getPublic()));
    final Set<String> executed = ConcurrentHashMap.newKeySet();
    final SchemaTool describeInstance = SchemaTool.of("describe_instance", """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "properties": {"instance": {"type": "string", "pattern": "^i-[0-9a-f]+$"}, "verbose": {"type": "boolean"}},
             "required": ["instance"],
             "additionalProperties": false}
            """, DESCRIBE_CEILINGS, 4096);
    final SchemaTool fetchUrl = SchemaTool.of("fetch_url", """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]}
            """, FETCH_CEILINGS, 1 << 20);
    private final Map<String, VerifiableTool> tools = Map.of(describeInstance.name(), describeInstance, fetchUrl.name(), fetchUrl);

    DecisionVerifier verifier() {
        return verifier(VerifierSettings.DEFAULTS);
    }

    DecisionVerifier verifier(VerifierSettings settings) {
        return new DecisionVerifier(settings, ring, name -> Optional.ofNullable(tools.get(name)), executed::contains, clock);
    }

    /** A sample decision for describe_instance, signed with the HMAC key. */
    ToolCallDecision hmacSigned() {
        return DecisionSigner.signed(SampleEvents.decision(), hmacKey);
    }

    /** {@code decision} signed with the HMAC key and verified with default settings. */
    Verdict verifyHmacSigned(ToolCallDecision decision) {
        return verifier().verify(DecisionSigner.signed(decision, hmacKey));
    }

    private static KeyPair ed25519Pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
