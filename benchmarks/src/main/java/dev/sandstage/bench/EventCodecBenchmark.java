package dev.sandstage.bench;

import dev.sandstage.events.Constraints;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.events.Signature;
import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.schema.EventCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of turning a signed {@code ToolCallDecision} into a Kafka value and back, in the binary
 * single-object encoding the stage uses and in the JSON encoding people type. The codec is shared
 * between JMH threads as it is between the stage's threads. Run through {@code ./sandstage bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventCodecBenchmark {

    private EventCodec<ToolCallDecision> codec;
    private ToolCallDecision decision;
    private byte[] binary;
    private byte[] json;

    @Setup
    public void setUp() {
        codec = EventCodec.of(ToolCallDecision.class);
        decision = decision();
        binary = codec.encode(decision);
        json = codec.encodeJson(decision);
    }

    @Benchmark
    public byte[] encodeBinary() {
        return codec.encode(decision);
    }

    @Benchmark
    public ToolCallDecision decodeBinary() {
        return codec.decode(binary);
    }

    @Benchmark
    public byte[] encodeJson() {
        return codec.encodeJson(decision);
    }

    @Benchmark
    public ToolCallDecision decodeJson() {
        return codec.decodeJson(json);
    }

    // Built here rather than from the schemas test-jar, which the benchmark jar does not ship.
    private static ToolCallDecision decision() {
        Instant issued = Instant.parse("2026-03-01T10:15:30.123Z");
        return ToolCallDecision.newBuilder()
                .setDecisionId("5f0c6f1e-7d2a-4a53-9d55-0e7f6d2b9a11")
                .setSessionId("session-42")
                .setTenantId("tenant-a")
                .setCallId("call-7")
                .setTool("describe_instance")
                .setArgumentsJson("{\"instance\":\"i-0abc\",\"verbose\":true}")
                .setAllowed(true)
                .setReason("read-only tool within budget")
                .setPolicyId("default-policy")
                .setPolicyVersion("2026.03.1")
                .setIssuedAt(issued)
                .setExpiresAt(issued.plusSeconds(60))
                .setConstraints(new Constraints(5_000L, 64L << 20, 500L, 64L << 10, NetworkMode.NONE))
                .setSignature(new Signature("policy-key-1", SignatureAlgorithm.ED25519, ByteBuffer.wrap(new byte[64])))
                .build();
    }
}
