package dev.sandstage.bench.e2e;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the time went inside the stage during a run: mean queue wait, pool acquire, execution
 * and transaction commit, read from the stage's own {@code /metrics} (sums and counts).
 */
final class StageTimings {

    private static final String[] TIMERS = {
        "sandstage_queue_wait_seconds", "sandstage_pool_acquire_seconds", "sandstage_execution_seconds",
        "sandstage_commit_seconds"};

    private StageTimings() {}

    static void print(int httpPort, PrintStream out) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, double[]> totals = new HashMap<>();
        for (String line : metrics.body().split("\n")) {
            for (String timer : TIMERS) {
                if (line.startsWith(timer + "_sum") || line.startsWith(timer + "_count")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    totals.computeIfAbsent(timer, t -> new double[2])[line.startsWith(timer + "_sum") ? 0 : 1] += value;
                }
            }
        }
        out.println("inside the stage (means from /metrics):");
        for (String timer : TIMERS) {
            double[] t = totals.getOrDefault(timer, new double[2]);
            out.printf("  %-34s %8.2f ms over %6.0f%n", timer, t[1] == 0 ? 0 : 1000 * t[0] / t[1], t[1]);
        }
    }
}
