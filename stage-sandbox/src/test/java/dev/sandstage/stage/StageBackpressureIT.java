package dev.sandstage.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandstage.config.StageConfigKeys;
import dev.sandstage.consume.DecisionConsumerVerticle;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN section 3, backpressure: a backlog far larger than the stage's heap waits in Kafka, not
 * in the stage. The stage runs as a child JVM with a small heap that dies on the first
 * OutOfMemoryError, and the test watches it through its own {@code /metrics}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StageBackpressureIT {

    private static final int BACKLOG = 10_000;
    private static final int SESSIONS = 200;
    private static final int PAD_BYTES = 8 * 1024;
    private static final int GLOBAL_MAX = 4;
    /**
     * Heap of the child. The backlog's arguments alone are {@value #BACKLOG} x 8 KiB = 80 MiB, so a
     * stage that buffered the backlog would die (-XX:+ExitOnOutOfMemoryError). Measured idle (no
     * backlog, -Xmx32m): 24 to 27 MiB of heap used. Under this backlog it ran with -Xmx48m and died
     * with -Xmx32m; 96 MiB leaves G1 room, so only unbounded buffering makes it fail.
     */
    private static final String XMX = "-Xmx96m";
    /**
     * Heap used, as sampled, includes garbage not yet collected (G1 lets it grow towards -Xmx), so
     * two bounds: every sample stays under the backlog's own size ({@value #BACKLOG} x 8 KiB), and
     * in every {@link #WINDOW} the lowest sample, taken soon after a collection, stays under
     * {@link #LIVE_BOUND}, so what survives collections does not grow with the backlog.
     */
    private static final long HEAP_BOUND = 80L << 20;
    /**
     * Idle (about 25 MiB) plus what the stage may hold for the backlog: at most
     * {@code max-in-flight} (16 x {@code pool.global-max}) + one poll ({@link DecisionConsumerVerticle#DEFAULT_MAX_POLL_RECORDS})
     * decisions, a few copies of 8 KiB each (record bytes, decoded decision, arguments handed to
     * the agent), under 4 MiB, and the consumer's fetch buffers, at most
     * {@link DecisionConsumerVerticle#DEFAULT_FETCH_MAX_BYTES} (8 MiB): 37 MiB, plus margin.
     */
    private static final long LIVE_BOUND = 48L << 20;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration WATCH = Duration.ofSeconds(25);
    /** Warming the pool on a loaded machine is not what is measured: the watch starts at the first result. */
    private static final Duration FIRST_RESULT_WITHIN = Duration.ofMinutes(2);
    private static final Pattern SAMPLE_LINE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.Ee+-]+)$");

    /** Sleeps 80 ms after reading its (large) arguments. */
    private static final String SLOW = """
              slow:
                image: sandstage/tools:latest
                command: ["/bin/sh", "-c", "cat > /dev/null; sleep 0.08"]
                arguments-schema: schemas/slow.json
                max-arguments: 16KiB
                timeout: 5s
                memory: 192Mi
                cpus: 0.5
                max-output: 4KiB
                network: none
                idempotent: true
                isolation: call
            """;
    private static final String SLOW_SCHEMA = """
            {"type": "object", "properties": {"n": {"type": "integer"}, "pad": {"type": "string", "maxLength": 16384}},
             "required": ["n", "pad"], "additionalProperties": false}
            """;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aBacklogLargerThanTheHeapWaitsInKafkaWhileResultsKeepComing(KafkaTestBroker broker, @TempDir Path dir)
            throws Exception {
        try (StageTopics topics = new StageTopics(broker, dir)) {
            String pad = "x".repeat(PAD_BYTES);
            for (int i = 0; i < BACKLOG; i++) {
                topics.send(StageTopics.decision(run + "-" + i, run + "-session-" + (i % SESSIONS), "slow",
                        "{\"n\":" + i + ",\"pad\":\"" + pad + "\"}"));
            }
            topics.flush();
            int port = StageProcess.freePort();
            Map<String, String> settings = topics.settings(port);
            settings.put("catalog.path", TestCatalog.write(Files.createDirectories(dir.resolve("catalog")), SLOW,
                    Map.of("slow.json", SLOW_SCHEMA)).toString());
            settings.put("pool.global-max", Integer.toString(GLOBAL_MAX));
            Path config = StageProcess.writeConfig(dir.resolve("stage.yaml"), settings);

            List<Sample> samples = new ArrayList<>();
            try (StageProcess stage = StageProcess.start("stage", dir, config,
                    List.of(XMX, "-XX:+ExitOnOutOfMemoryError"))) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long startedNanos = System.nanoTime();
                AtomicLong firstResultNanos = new AtomicLong(-1);
                await().atMost(FIRST_RESULT_WITHIN.plus(WATCH).plusSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            assertThat(stage.isAlive()).as("stage alive after %s samples\n%s", samples.size(),
                                    stage.tail()).isTrue();
                            Sample s = sample(stage, http, port, System.nanoTime() - startedNanos);
                            samples.add(s);
                            if (firstResultNanos.get() < 0 && s.executed > 0) {
                                firstResultNanos.set(System.nanoTime());
                            }
                            assertThat(firstResultNanos.get() >= 0
                                    || System.nanoTime() - startedNanos < FIRST_RESULT_WITHIN.toNanos())
                                    .as("a first result within %s\n%s", FIRST_RESULT_WITHIN, stage.tail()).isTrue();
                            return firstResultNanos.get() >= 0 && System.nanoTime() - firstResultNanos.get()
                                    >= WATCH.toNanos();
                        });
                String history = history(samples);
                List<Sample> watched = samples.stream().filter(s -> s.executed > 0).toList();

                assertThat(samples).as("heap used (bound %s MiB)\n%s", HEAP_BOUND >> 20, history)
                        .allSatisfy(s -> assertThat(s.heapUsed).isLessThan(HEAP_BOUND));
                assertThat(lowestPerWindow(samples)).as("lowest heap used per %s window (bound %s MiB)\n%s", WINDOW,
                        LIVE_BOUND >> 20, history).allSatisfy(low -> assertThat(low).isLessThan(LIVE_BOUND));
                int queuedBound = StageConfigKeys.IN_FLIGHT_PER_SANDBOX * GLOBAL_MAX
                        + DecisionConsumerVerticle.DEFAULT_MAX_POLL_RECORDS;
                assertThat(samples).as("decisions held in memory (bound %s)\n%s", queuedBound, history)
                        .allSatisfy(s -> assertThat(s.queued).isLessThanOrEqualTo(queuedBound));
                // The backlog is still in Kafka, not in the heap: the lag gauge shows most of it.
                assertThat(samples).as("consumer lag while the backlog waits\n%s", history)
                        .anySatisfy(s -> assertThat(s.lag).isGreaterThan(BACKLOG / 2));
                Sample third = watched.get(watched.size() / 3);
                Sample last = watched.get(watched.size() - 1);
                assertThat(last.executed).as("results keep coming after the first third of the watch\n%s", history)
                        .isGreaterThan(third.executed);

                assertThat(stage.terminate()).as("exit value after SIGTERM\n%s", stage.tail()).isZero();
            }
            assertThat(StageProcess.containersOf(topics.instanceId)).as("containers after SIGTERM").isEmpty();
        }
    }

    private record Sample(long atMillis, long heapUsed, double queued, double executed, double lag) {}

    private static Sample sample(StageProcess stage, HttpClient http, int port, long elapsedNanos)
            throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET /metrics failed (" + e + "), stage alive: " + stage.isAlive() + "\n"
                    + stage.tail(), e);
        }
        assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
        double heap = 0;
        double queued = -1;
        double executed = 0;
        double lag = -1;
        for (String line : response.body().split("\n")) {
            Matcher m = SAMPLE_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String labels = m.group(2) == null ? "" : m.group(2);
            double value = Double.parseDouble(m.group(3));
            switch (m.group(1)) {
                case "jvm_memory_used_bytes" -> heap += labels.contains("area=\"heap\"") ? value : 0;
                case "sandstage_decisions_queued" -> queued = value;
                case "sandstage_consumer_lag_records" -> lag = value;
                case "sandstage_decisions_total" -> executed += labels.contains("outcome=\"executed\"") ? value : 0;
                default -> { }
            }
        }
        assertThat(heap).as("jvm_memory_used_bytes{area=\"heap\"} in /metrics").isPositive();
        assertThat(queued).as("sandstage_decisions_queued in /metrics").isNotNegative();
        assertThat(lag).as("sandstage_consumer_lag_records in /metrics").isNotNegative();
        return new Sample(elapsedNanos / 1_000_000, (long) heap, queued, executed, lag);
    }

    /** The lowest heap used in each full {@link #WINDOW} of samples. */
    private static List<Long> lowestPerWindow(List<Sample> samples) {
        List<Long> out = new ArrayList<>();
        long windowMillis = WINDOW.toMillis();
        long end = samples.get(samples.size() - 1).atMillis;
        for (long from = samples.get(0).atMillis; from + windowMillis <= end; from += windowMillis) {
            long start = from;
            out.add(samples.stream().filter(s -> s.atMillis >= start && s.atMillis < start + windowMillis)
                    .mapToLong(Sample::heapUsed).min().orElseThrow());
        }
        return out;
    }

    private static String history(List<Sample> samples) {
        StringBuilder out = new StringBuilder("t(ms) heapMiB queued executed\n");
        samples.forEach(s -> out.append(s.atMillis).append(' ').append(s.heapUsed >> 20).append(' ')
                .append((long) s.queued).append(' ').append((long) s.executed).append('\n'));
        return out.toString();
    }
}
