package dev.sandstage.consume.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer's total lag in records over its assigned partitions, for the
 * {@code sandstage_consumer_lag_records} gauge: taken from the fetch metadata the consumer already
 * has ({@code currentLag}), so no broker round trip, at most once per {@link #EVERY}.
 *
 * <p>Threads: {@link #measure} on the consumer's owning thread; {@link #get} from any thread.
 */
final class ConsumerLag {

    static final Duration EVERY = Duration.ofSeconds(1);

    private final AtomicLong lag = new AtomicLong();
    private long measuredNanos;

    /** Re-measures when the last measurement is older than {@link #EVERY}. */
    void measure(Consumer<?, ?> consumer) {
        long now = System.nanoTime();
        if (now - measuredNanos < EVERY.toNanos()) {
            return;
        }
        measuredNanos = now;
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            total += consumer.currentLag(tp).orElse(0);
        }
        lag.set(total);
    }

    long get() {
        return lag.get();
    }
}
