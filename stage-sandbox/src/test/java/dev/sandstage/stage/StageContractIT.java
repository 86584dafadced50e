package dev.sandstage.stage;

import static dev.sandstage.stage.StageFixture.echo;
import static dev.sandstage.stage.StageFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.AuditEventType;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.publish.TraceHeaders;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the README's "Event contracts" promise, checked on what a real stage writes: the audit
 * trail's output hash, the dead-letter records' headers and the schemas the stage serves for the
 * fingerprints on its topics. One
 * stage for the class, on a catalog of {@code echo} plus {@code two_streams_runc} and
 * {@code two_streams_runsc}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StageContractIT {

    /**
     * Writes 70,000 bytes to stdout (past the 64 KiB cap) and a line that is not UTF-8 to stderr;
     * once under each runtime, since the agent captures the pipes inside the sandbox.
     */
    private static final String TWO_STREAMS = twoStreams("runc") + twoStreams("runsc");
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

    @ParameterizedTest
    @ValueSource(strings = {"runc", "runsc"})
    void outputSha256IsTheLengthPrefixedHashOfTheResultsCapturedStdoutAndStderr(String runtime) throws Exception {
        ToolCallDecision d = echo(run + "-two", run + "-s", "x");
        d.setTool("two_streams_" + runtime);
        fixture.send(signed(d));

        ToolResult result = fixture.results(rs -> rs.stream().anyMatch(r -> r.getDecisionId().equals(d.getDecisionId())))
                .stream().filter(r -> r.getDecisionId().equals(d.getDecisionId())).findFirst().orElseThrow();
        AuditEvent finished = fixture.audits(as -> finished(as, d.getDecisionId()) != null)
                .stream().filter(a -> a.getType() == AuditEventType.EXECUTION_FINISHED
                        && d.getDecisionId().equals(a.getDecisionId())).findFirst().orElseThrow();

        assertThat(result.getStatus()).as("%s", result).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getSandbox().getRuntime()).isEqualTo(runtime);
        assertThat(result.getStdout().getTruncated()).isTrue();
        assertThat(result.getStdout().getTotalBytes()).isEqualTo(70_000);
        assertThat(bytes(result.getStdout().getData())).hasSize(CAP);
        assertThat(bytes(result.getStderr().getData())).containsExactly('e', 'r', 'r', 0xff, '\n');
        assertThat(finished.getOutputSha256()).as("recomputed from the result's stdout.data and stderr.data")
                .isEqualTo(lengthPrefixedSha256(bytes(result.getStdout().getData()), bytes(result.getStderr().getData())));
    }

    @Test
    void aDeadLetterRecordCarriesTheInputsBytesAndHeadersThenTheFiveDocumentedHeaders() {
        String key = run + "-garbage";
        byte[] value = ("not avro " + run).getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes());
        headers.add("x-origin", new byte[] {0, (byte) 0xfe});
        fixture.sendRaw(key, value, headers);

        ConsumerRecord<byte[], byte[]> dlq = fixture.dlq(rs -> rs.stream().anyMatch(r -> key.equals(key(r)))).stream()
                .filter(r -> key.equals(key(r))).findFirst().orElseThrow();
        ConsumerRecord<byte[], byte[]> input = fixture.read("decisions", StageFixture.PARTITIONS, r -> r,
                rs -> rs.stream().anyMatch(r -> key.equals(key(r)))).stream()
                .filter(r -> key.equals(key(r))).findFirst().orElseThrow();

        assertThat(dlq.value()).isEqualTo(value);
        assertThat(dlq.headers().toArray()).extracting(Header::key).containsExactly(TraceHeaders.TRACEPARENT,
                "x-origin", "sandstage.error.code", "sandstage.error.message", "sandstage.source.topic",
                "sandstage.source.partition", "sandstage.source.offset");
        assertThat(dlq.headers().lastHeader("x-origin").value()).containsExactly(0, 0xfe);
        assertThat(header(dlq, "sandstage.error.code")).isEqualTo("NOT_SINGLE_OBJECT_ENCODING");
        assertThat(header(dlq, "sandstage.error.message")).startsWith("NOT_SINGLE_OBJECT_ENCODING: ")
                .contains("offset=" + input.offset());
        assertThat(header(dlq, "sandstage.source.topic")).isEqualTo(fixture.topics.get("decisions"));
        assertThat(header(dlq, "sandstage.source.partition")).isEqualTo(Integer.toString(input.partition()));
        assertThat(header(dlq, "sandstage.source.offset")).isEqualTo(Long.toString(input.offset()));
    }

    @Test
    void everyWriterSchemaOnTheStagesTopicsIsServedByItsFingerprint() throws Exception {
        ToolCallDecision d = signed(echo(run + "-schemas", run + "-s", "hello"));
        fixture.send(d);
        fixture.results(rs -> rs.stream().anyMatch(r -> r.getDecisionId().equals(d.getDecisionId())));

        Set<String> seen = new TreeSet<>();
        for (String topic : List.of("results", "audit", "journal", "decisions")) {
            int partitions = topic.equals("results") || topic.equals("audit") ? 1 : StageFixture.PARTITIONS;
            fixture.read(topic, partitions, r -> r, rs -> !rs.isEmpty()).stream()
                    .filter(r -> r.value() != null && r.value().length >= 10 && r.value()[0] == (byte) 0xC3)
                    .forEach(r -> seen.add(topic + " " + HexFormat.of().formatHex(Arrays.copyOfRange(r.value(), 2, 10))));
        }
        assertThat(seen).extracting(s -> s.split(" ")[0]).contains("results", "audit", "journal", "decisions");

        HttpClient http = HttpClient.newHttpClient();
        for (String topicAndFingerprint : seen) {
            String fingerprint = topicAndFingerprint.split(" ")[1];
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + fixture.stage.httpPort() + "/schemas/" + fingerprint)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(topicAndFingerprint).isEqualTo(200);
            Schema schema = new Schema.Parser().parse(r.body());
            assertThat(HexFormat.of().formatHex(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema)))
                    .as(topicAndFingerprint).isEqualTo(fingerprint);
        }
        HttpResponse<String> listing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + fixture.stage.httpPort() + "/schemas")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listing.body()).as("topics by their configured names")
                .contains("\"topic\":\"" + fixture.topics.get("results") + "\",\"role\":\"write\"");
    }

    private static String twoStreams(String runtime) {
        return """
                  two_streams_%s:
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
                    runtime: %s
                """.formatted(runtime, runtime);
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

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}
