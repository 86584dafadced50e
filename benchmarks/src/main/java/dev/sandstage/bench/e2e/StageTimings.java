package dev.sandstage.bench.e2e;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the time went inside the stage during the measured run: mean queue wait, pool acquire,
 * execution and transaction commit, from the stage's own {@code /metrics} (sums and counts),
 * as the difference between a {@link #snapshot} taken before the run and one after, so the
 * warm-up does not count. Immutable; main thread only.
 */
final class StageTimings {

    private static final String[] TIMERS = {
        "sandstage_queue_wait_seconds", "sandstage_pool_acquire_seconds", "sandstage_execution_seconds",
        "sandstage_commit_seconds"};

    private final Map<String, double[]> totals;

    private StageTimings(Map<String, double[]> totals) {
        this.totals = totals;
    }

    /** Sums and counts of the stage's timers now. */
    static StageTimings snapshot(int httpPort) {
        HttpResponse<String> metrics;
        try {
            metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the stage's /metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the stage's /metrics", e);
        }
        Map<String, double[]> totals = new HashMap<>();
        for (String line : metrics.body().split("\n")) {
            for (String timer : TIMERS) {
                if (line.startsWith(timer + "_sum") || line.startsWith(timer + "_count")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    totals.computeIfAbsent(timer, t -> new double[2])[line.startsWith(timer + "_sum") ? 0 : 1] += value;
                }
            }
        }
        return new StageTimings(totals);
    }

    /** Prints the means of what happened between {@code before} and this snapshot. */
    void printSince(StageTimings before, PrintStream out) {
        out.println("inside the stage during the measured run (means from /metrics):");
        for (String timer : TIMERS) {
            double[] now = totals.getOrDefault(timer, new double[2]);
            double[] then = before.totals.getOrDefault(timer, new double[2]);
            double sum = now[0] - then[0];
            double count = now[1] - then[1];
            out.printf("  %-34s %8.2f ms over %6.0f%n", timer, count == 0 ? 0 : 1000 * sum / count, count);
        }
    }
}
