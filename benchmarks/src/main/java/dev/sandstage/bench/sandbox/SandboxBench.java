package dev.sandstage.bench.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import dev.sandstage.host.DockerClients;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code ./sandstage bench sandbox [--calls N] [--json FILE]}: per-call latency of a trivial
 * command ({@code echo}) in every mode, side by side in one run, and each mode's ratio to the
 * bare host process. Calls run one after another on the main thread, so the figures are
 * per-call latency, and calls/s is its inverse under no concurrency.
 */
public final class SandboxBench {

    /** Label on every container the benchmark creates, so a crashed run's leftovers can be removed. */
    static final String LABEL = "sandstage.bench";

    private final int calls;
    private final PrintStream out;

    private SandboxBench(int calls, PrintStream out) {
        this.calls = calls;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int calls = 1000;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("bench sandbox: unknown option " + args[i]
                        + " (usage: --calls N --json FILE)");
            }
        }
        if (calls < 10) {
            throw new IllegalArgumentException("bench sandbox: --calls must be at least 10, got " + calls);
        }
        try (DockerClient docker = DockerClients.connect()) {
            removeLeftovers(docker);
            List<CallMode> modes = SandboxModes.all(docker);
            List<ModeReport> reports = new SandboxBench(calls, System.out).run(modes);
            printTable(reports, System.out);
            if (json != null) {
                writeJson(reports, json);
                System.out.println("wrote " + json.toAbsolutePath());
            }
        }
    }

    private List<ModeReport> run(List<CallMode> modes) throws Exception {
        List<ModeReport> reports = new ArrayList<>();
        for (CallMode mode : modes) {
            int n = Math.min(calls, mode.maxCalls());
            out.printf("%-12s warming up, then %d calls...%n", mode.name(), n);
            try (mode) {
                mode.open();
                for (int i = 0; i < Math.max(3, n / 10); i++) {
                    mode.call();
                }
                Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    mode.call();
                    h.recordValue(System.nanoTime() - t0);
                }
                reports.add(ModeReport.of(mode.name(), h, System.nanoTime() - start));
            }
        }
        return reports;
    }

    private static double bareP50(List<ModeReport> reports) {
        return reports.stream().filter(r -> r.name().equals("bare")).mapToDouble(ModeReport::p50Ms).findFirst().orElse(Double.NaN);
    }

    static void printTable(List<ModeReport> reports, PrintStream out) {
        double bare = bareP50(reports);
        out.printf("%n%-12s %8s %9s %9s %9s %10s %14s%n", "mode", "calls", "p50 ms", "p90 ms", "p99 ms", "calls/s", "p50 / bare");
        for (ModeReport r : reports) {
            out.printf("%-12s %8d %9.3f %9.3f %9.3f %10.1f %13.2fx%n",
                    r.name(), r.calls(), r.p50Ms(), r.p90Ms(), r.p99Ms(), r.callsPerSecond(), r.p50Ms() / bare);
        }
    }

    private static void writeJson(List<ModeReport> reports, Path file) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode modes = root.putArray("modes");
        double bare = bareP50(reports);
        for (ModeReport r : reports) {
            modes.addObject()
                    .put("name", r.name())
                    .put("calls", r.calls())
                    .put("p50_ms", r.p50Ms())
                    .put("p90_ms", r.p90Ms())
                    .put("p99_ms", r.p99Ms())
                    .put("calls_per_s", r.callsPerSecond())
                    .put("ratio_to_bare", r.p50Ms() / bare);
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static void removeLeftovers(DockerClient docker) {
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, "")).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
    }
}
