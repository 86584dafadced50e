package dev.sandstage.stage;

import static dev.sandstage.stage.StageFixture.echo;
import static dev.sandstage.stage.StageFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.AuditEventType;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the README's "Event contracts" promise, checked on what a real stage writes: the audit
 * trail's output hash, the dead-letter records' headers and the schemas the stage serves. One
 * stage for the class, on a catalog of {@code echo} plus {@value #TWO_STREAMS_NAME}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StageContractIT {

    private static final String TWO_STREAMS_NAME = "two_streams";
    /** Writes 70,000 bytes to stdout (past the 64 KiB cap) and a line that is not UTF-8 to stderr. */
    private static final String TWO_STREAMS = """
              two_streams:
                image: sandstage/tools:latest
                command: ["/bin/sh", "-c", "head -c 70000 /dev/zero | tr '\\\\000' o; printf 'err\\\\377\\\\n' >&2"]
                arguments-schema: schemas/echo.json
                timeout: 5s
                memory: 256Mi
                cpus: 0.5
                max-output: 64KiB
                network: none
                idempotent: true
                isolation: call
            """;
    private static final int CAP = 64 * 1024;

    private static Path dir;
    private static StageFixture fixture;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startStage(KafkaTestBroker broker) throws Exception {
        dir = Files.createTempDirectory("stage-contract-it");
        Path catalog = TestCatalog.write(Files.createDirectories(dir.resolve("catalog")), TWO_STREAMS, Map.of());
        fixture = new StageFixture(broker, dir, Map.of("catalog.path", catalog.toString()));
    }

    @AfterAll
    static void stopStage() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        StageFixture.deleteQuietly(dir);
    }

    @Test
    void outputSha256IsTheLengthPrefixedHashOfTheResultsCapturedStdoutAndStderr() throws Exception {
        ToolCallDecision d = echo(run + "-two", run + "-s", "x");
        d.setTool(TWO_STREAMS_NAME);
        fixture.send(signed(d));

        ToolResult result = fixture.results(rs -> rs.stream().anyMatch(r -> r.getDecisionId().equals(d.getDecisionId())))
                .stream().filter(r -> r.getDecisionId().equals(d.getDecisionId())).findFirst().orElseThrow();
        AuditEvent finished = fixture.audits(as -> finished(as, d.getDecisionId()) != null)
                .stream().filter(a -> a.getType() == AuditEventType.EXECUTION_FINISHED
                        && d.getDecisionId().equals(a.getDecisionId())).findFirst().orElseThrow();

        assertThat(result.getStatus()).as("%s", result).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getStdout().getTruncated()).isTrue();
        assertThat(result.getStdout().getTotalBytes()).isEqualTo(70_000);
        assertThat(bytes(result.getStdout().getData())).hasSize(CAP);
        assertThat(bytes(result.getStderr().getData())).containsExactly('e', 'r', 'r', 0xff, '\n');
        assertThat(finished.getOutputSha256()).as("recomputed from the result's stdout.data and stderr.data")
                .isEqualTo(lengthPrefixedSha256(bytes(result.getStdout().getData()), bytes(result.getStderr().getData())));
    }

    private static AuditEvent finished(List<AuditEvent> audits, String decisionId) {
        return audits.stream().filter(a -> a.getType() == AuditEventType.EXECUTION_FINISHED
                && decisionId.equals(a.getDecisionId())).findFirst().orElse(null);
    }

    /** The README's definition, written out here rather than calling the stage's own code. */
    private static String lengthPrefixedSha256(byte[] stdout, byte[] stderr) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(ByteBuffer.allocate(8).putLong(stdout.length).array());
        sha.update(stdout);
        sha.update(ByteBuffer.allocate(8).putLong(stderr.length).array());
        sha.update(stderr);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}
