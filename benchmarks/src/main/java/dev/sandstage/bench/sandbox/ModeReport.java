package dev.sandstage.bench.sandbox;

import org.HdrHistogram.Histogram;

/** The measured figures of one mode: latency percentiles in milliseconds and calls per second. */
record ModeReport(String name, long calls, double p50Ms, double p90Ms, double p99Ms, double callsPerSecond) {

    static ModeReport of(String name, Histogram nanos, long elapsedNanos) {
        long calls = nanos.getTotalCount();
        return new ModeReport(name, calls,
                nanos.getValueAtPercentile(50) / 1e6,
                nanos.getValueAtPercentile(90) / 1e6,
                nanos.getValueAtPercentile(99) / 1e6,
                calls / (elapsedNanos / 1e9));
    }
}
