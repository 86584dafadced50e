package dev.sandstage.bench.e2e;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one end-to-end run measured; latencies in milliseconds. */
record E2eReport(int rate, long decisions, long results, long duplicates, double p50Ms, double p90Ms, double p99Ms,
        double maxMs, double throughputPerSecond) {

    static E2eReport of(int rate, long decisions, long duplicates, Histogram micros, double throughput) {
        return new E2eReport(rate, decisions, micros.getTotalCount(), duplicates,
                micros.getValueAtPercentile(50) / 1e3, micros.getValueAtPercentile(90) / 1e3,
                micros.getValueAtPercentile(99) / 1e3, micros.getMaxValue() / 1e3, throughput);
    }

    void print(PrintStream out) {
        out.printf("%nrate %d/s: %d decisions, %d results, %d duplicates%n", rate, decisions, results, duplicates);
        out.printf("decision-to-result  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", p50Ms, p90Ms, p99Ms, maxMs);
        out.printf("throughput          %.1f results/s%n", throughputPerSecond);
    }

    /** The JSON the issue names, in its order. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        m.put("decisions", decisions);
        m.put("results", results);
        m.put("duplicates", duplicates);
        m.put("p50_ms", p50Ms);
        m.put("p90_ms", p90Ms);
        m.put("p99_ms", p99Ms);
        m.put("max_ms", maxMs);
        m.put("throughput_per_s", throughputPerSecond);
        return m;
    }
}
