package dev.sandstage.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.config.StageConfig;
import dev.sandstage.config.StageConfigLoader;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.stage.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./sandstage bench e2e [--rate R] [--duration D] [--warmup D] [--runtime R] [--json FILE] [--trace FILE]}:
 * decision-to-result latency and sustained throughput through a real broker with exactly-once
 * on. Starts an embedded broker and the stage in this JVM (state in a temporary directory), then
 * one {@link LoadRun}: a warm-up at the same rate (at most 200/s) for {@code --warmup} (default
 * 60s, not measured: the broker's and the stage's JIT and the pool settle), continuing without a
 * break into the measured phase, signed {@code echo} decisions at a fixed rate over many
 * sessions, results read by a {@code read_committed} consumer; latency is from just before the
 * send to the result's arrival, both timed by this JVM's monotonic clock. {@code --trace FILE}
 * writes one CSV line per measured decision (when sent, latency, where the time went).
 */
public final class E2eBench {

    private static final int WARMUP_MAX_RATE = 200;

    private E2eBench() {}

    public static void main(String[] args) throws Exception {
        int rate = 100;
        Duration duration = Duration.ofSeconds(30);
        Path json = null;
        Path trace = null;
        Duration warmup = Duration.ofSeconds(60);
        String runtime = "runc";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--duration" -> duration = dev.sandstage.config.Quantities.parseDuration("--duration", args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--trace" -> trace = Path.of(args[++i]);
                case "--runtime" -> runtime = args[++i];
                case "--warmup" -> warmup = dev.sandstage.config.Quantities.parseDuration("--warmup", args[++i]);
                default -> throw new IllegalArgumentException("bench e2e: unknown option " + args[i]
                        + " (usage: --rate R --duration D --warmup D --runtime runc|runsc --json FILE --trace FILE)");
            }
        }
        if (rate < 1) {
            throw new IllegalArgumentException("bench e2e: --rate must be at least 1, got " + rate);
        }
        try (BenchBroker kafka = BenchBroker.start("e2e")) {
            StateDirectory state = kafka.state();
            BenchKeys keys = BenchKeys.create(state);
            Map<String, String> env = env(kafka.home(), kafka.bootstrapServers(), keys);
            if (!runtime.equals("runc")) {
                env.put("SANDSTAGE_CATALOG_PATH", BenchCatalog.withEchoOn(kafka.home(), runtime).toString());
            }
            StageConfig config = StageConfigLoader.load(Optional.empty(), env);
            BenchTopics.create(kafka.bootstrapServers(), config.topics());
            System.out.println("starting the stage (tools image, warm pool)...");
            Stage stage = Stage.start(config, state).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
            try {
                // Capped, so that a rate beyond capacity does not leave a backlog for the measured phase.
                LoadRun.Phase warm = new LoadRun.Phase(Math.min(rate, WARMUP_MAX_RATE), warmup);
                System.out.printf("warming up at %d/s for %s (not measured), then sending echo decisions (%s) at %d/s for %s...%n",
                        warm.rate(), warmup, runtime, rate, duration);
                LoadRun load = new LoadRun(kafka.bootstrapServers(), config.topics(), keys.signingKey(), warm,
                        new LoadRun.Phase(rate, duration));
                var before = new java.util.concurrent.atomic.AtomicReference<StageTimings>();
                E2eReport report = load.run(() -> before.set(StageTimings.snapshot(stage.httpPort())));
                System.out.println(load.warmupSummary());
                report.print(System.out);
                load.printBreakdown(System.out);
                StageTimings.snapshot(stage.httpPort()).printSince(before.get(), System.out);
                if (json != null) {
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report.asMap());
                    System.out.println("wrote " + json.toAbsolutePath());
                }
                if (trace != null) {
                    load.writeTrace(trace);
                    System.out.println("wrote " + trace.toAbsolutePath());
                }
            } finally {
                stage.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
            }
        }
        System.exit(0);
    }

    private static Map<String, String> env(Path home, String bootstrap, BenchKeys keys) {
        Map<String, String> env = new HashMap<>();
        env.put("SANDSTAGE_HOME", home.toString());
        env.put("SANDSTAGE_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("SANDSTAGE_VERIFY_KEYS_DIR", keys.dir().toString());
        env.put("SANDSTAGE_HTTP_PORT", "0");
        env.put("SANDSTAGE_STAGE_INSTANCE_ID", "bench-e2e");
        return env;
    }
}
