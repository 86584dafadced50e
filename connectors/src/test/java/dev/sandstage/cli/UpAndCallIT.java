package dev.sandstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.connectors.ResultSubscriber;
import dev.sandstage.connectors.StartPosition;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolResult;
import dev.sandstage.testing.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the launcher the way a user does: {@code ./sandstage up} as a child process, then
 * {@code ./sandstage call echo} and {@code call describe_instance --json}, and a policy engine's
 * path without Java: a decision written as Avro JSON, signed by {@code ./sandstage sign} with the
 * key {@code up} made, produced raw with {@code content-type: application/json}. Needs Docker and
 * the built jars (failsafe runs after package).
 */
class UpAndCallIT {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path home;

    private final String instance = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private Process up;

    @AfterEach
    void killUp() {
        if (up != null && up.isAlive()) {
            up.destroyForcibly();
        }
    }

    @Test
    void upThenCallEchoDescribeInstanceJsonAndASignedJsonDecisionSucceedAndSigtermLeavesNoContainers() throws Exception {
        Path root = Path.of(System.getProperty("sandstage.repo.root"));
        Path launcher = root.resolve("sandstage");
        List<Integer> ports = FreePorts.pick(2);
        int kafkaPort = ports.get(0);
        int controllerPort = ports.get(1);
        ProcessBuilder upBuilder = new ProcessBuilder(launcher.toString(), "up",
                "--kafka-port", String.valueOf(kafkaPort), "--kafka-controller-port", String.valueOf(controllerPort))
                .redirectError(home.resolve("up.err").toFile());
        environment(upBuilder.environment());
        boolean isReady = false;
        // One full-suite run saw `up` never become ready (not reproduced in 10+ runs since). The
        // second attempt keeps CI honest about the rest of the flow; the first one's thread dump
        // goes to the test's stderr so the hang can be found. Two hangs in a row fail the test.
        for (int attempt = 1; attempt <= 2 && !isReady; attempt++) {
            up = upBuilder.start();
            Process current = up;
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(current));
            try {
                isReady = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                String diagnostics = "no 'sandstage ready' within " + READY_TIMEOUT + " (attempt " + attempt
                        + "); stderr:\n" + stderr() + "\nthreads of up:\n" + threadDump(up.pid())
                        + "\nbroker log tail:\n" + brokerLogTail();
                if (attempt == 2) {
                    throw new AssertionError(diagnostics, e);
                }
                System.err.println("UpAndCallIT: " + diagnostics);
                up.destroy();
                if (!up.waitFor(1, TimeUnit.MINUTES)) {
                    up.destroyForcibly().waitFor();
                }
            }
        }
        assertThat(isReady).as("ready line; stderr: %s", stderr()).isTrue();

        ProcessBuilder callBuilder = new ProcessBuilder(launcher.toString(), "call", "echo",
                "--args", "{\"message\":\"hi\"}", "--timeout", "60s").redirectErrorStream(true);
        environment(callBuilder.environment());
        Process call = callBuilder.start();
        String callOut = new String(call.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(call.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(call.exitValue()).as(callOut).isZero();
        assertThat(callOut).contains("hi").contains("SUCCEEDED");

        // A tool that prints a JSON object: --json embeds it as an object, not as a string.
        ProcessBuilder describeBuilder = new ProcessBuilder(launcher.toString(), "call", "describe_instance",
                "--args", "{\"instance_id\":\"i-0abc1234\"}", "--timeout", "60s", "--json");
        environment(describeBuilder.environment());
        Process describe = describeBuilder.redirectError(home.resolve("describe.err").toFile()).start();
        String describeOut = new String(describe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(describe.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(describe.exitValue()).as(describeOut).isZero();
        JsonNode result = new ObjectMapper().readTree(describeOut);
        assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.get("stdout_json").isObject()).as(describeOut).isTrue();
        assertThat(result.at("/stdout_json/instance_id").asText()).isEqualTo("i-0abc1234");
        assertThat(result.at("/stdout_json/tags").isObject()).isTrue();

        aJsonDecisionSignedBySignSucceeds();

        // Process.destroy() sends SIGTERM; the launcher execs java, so the JVM receives it.
        up.destroy();
        assertThat(up.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(up.exitValue()).as(stderr()).isZero();
        assertThat(containersOf(instance)).isEmpty();
    }

    /**
     * What a policy engine in another language does: writes the decision as Avro JSON, has it
     * signed (here by {@code ./sandstage sign}, the reference), and produces the signed JSON with
     * {@code content-type: application/json}. The stage verifies the signature over the binary
     * encoding and runs the call.
     */
    private void aJsonDecisionSignedBySignSucceeds() throws Exception {
        String decisionId = "json-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        String unsigned = """
                {"decision_id": "%s", "session_id": "json-session", "tenant_id": "t", "call_id": "c-json",
                 "tool": "echo", "arguments_json": "{\\"message\\":\\"signed json\\"}", "allowed": true,
                 "policy_id": "external-engine", "policy_version": "1", "issued_at": %d, "expires_at": %d}
                """.formatted(decisionId, now, now + 300_000);
        Path launcher = Path.of(System.getProperty("sandstage.repo.root")).resolve("sandstage");
        ProcessBuilder signBuilder = new ProcessBuilder(launcher.toString(), "sign",
                "--key", home.resolve("keys/dev.hmac").toString()).redirectError(home.resolve("sign.err").toFile());
        environment(signBuilder.environment());
        Process sign = signBuilder.start();
        try (var stdin = sign.getOutputStream()) {
            stdin.write(unsigned.getBytes(StandardCharsets.UTF_8));
        }
        byte[] signed = sign.getInputStream().readAllBytes();
        assertThat(sign.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(sign.exitValue()).as(Files.readString(home.resolve("sign.err"))).isZero();

        String bootstrap = Files.readString(home.resolve("kafka/bootstrap")).strip();
        try (ResultSubscriber results = ResultSubscriber.open(bootstrap, "tool.results.v1", StartPosition.LATEST);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>("policy.decisions.v1", "json-session", signed);
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
            producer.send(record).get(30, TimeUnit.SECONDS);

            Optional<ToolResult> result = results.awaitResult(decisionId, Duration.ofMinutes(1));

            assertThat(result).as("result of the JSON decision; up's stderr: %s", stderr()).hasValueSatisfying(r -> {
                assertThat(r.getStatus()).as("%s %s", r.getErrorCode(), r.getErrorMessage()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(r.getStdoutJson()).isEqualTo("{\"message\":\"signed json\"}");
            });
        }
    }

    private void environment(Map<String, String> env) {
        env.put("SANDSTAGE_HOME", home.toString());
        env.put("SANDSTAGE_NO_BUILD", "1");
        env.put("SANDSTAGE_HTTP_PORT", "0");
        env.put("SANDSTAGE_STAGE_INSTANCE_ID", instance);
    }

    private static boolean readUntilReady(Process process) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals("sandstage ready")) {
                    // Keep draining (and only then close) so the child never blocks on a full pipe.
                    Thread.ofVirtual().start(() -> drain(reader));
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void drain(BufferedReader reader) {
        try (reader) {
            while (reader.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    private String stderr() {
        try {
            return Files.readString(home.resolve("up.err"));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    /** Once seen: up never became ready in a full run (not reproduced since); this says where it stood. */
    private static String threadDump(long pid) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return text.length() > 60_000 ? text.substring(0, 60_000) : text;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private String brokerLogTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("kafka/broker.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no broker log: " + e + ")";
        }
    }

    private static List<String> containersOf(String instance) throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=sandstage.instance=" + instance)
                .redirectErrorStream(true).start();
        String text = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        ps.waitFor(30, TimeUnit.SECONDS);
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }
}
