package dev.sandstage.verify;

import dev.sandstage.events.Signature;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.schema.EventCodec;
import java.nio.ByteBuffer;

/**
 * Signs decisions the way the {@link DecisionVerifier} checks them: over the Avro single-object
 * encoding of the decision with {@code signature} set to null. That is the binary encoding
 * whatever the decision travels in: a decision sent as Avro JSON is decoded and re-encoded
 * before it is verified. Any signature already on the input is ignored, so re-signing gives the
 * same bytes. Called by policy-engine connectors, the CLI ({@code ./sandstage call},
 * {@code ./sandstage sign}) and tests. Stateless; any thread.
 */
public final class DecisionSigner {

    private static final EventCodec<ToolCallDecision> CODEC = EventCodec.of(ToolCallDecision.class);

    private DecisionSigner() {
    }

    /** The bytes a signature covers: the single-object encoding of a copy with {@code signature} null. */
    public static byte[] signingBytes(ToolCallDecision decision) {
        ToolCallDecision unsigned = ToolCallDecision.newBuilder(decision).setSignature(null).build();
        return CODEC.encode(unsigned);
    }

    /** A signature of {@code decision} by {@code key}; the decision itself is not changed. */
    public static Signature sign(ToolCallDecision decision, SigningKey key) {
        return Signature.newBuilder()
                .setKeyId(key.keyId())
                .setAlgorithm(key.algorithm())
                .setValue(ByteBuffer.wrap(key.sign(signingBytes(decision))))
                .build();
    }

    /** A copy of {@code decision} carrying its signature by {@code key}. */
    public static ToolCallDecision signed(ToolCallDecision decision, SigningKey key) {
        return ToolCallDecision.newBuilder(decision).setSignature(sign(decision, key)).build();
    }
}
