package dev.sandstage.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.publish.internal.ProducerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./sandstage bench txn [--count N] [--json FILE]}: what Kafka alone costs the stage per
 * call on this machine, with no stage and no container: (1) a plain record from produce to a
 * reader ({@code decision in}); (2) one exactly-once transaction as the stage writes it (a result
 * and an audit record, the consumer offsets, commit) from {@code beginTransaction} to the result's
 * arrival at a {@code read_committed} reader ({@code result out}), with the commit's own part.
 * Their sum is the floor under {@code bench e2e}'s decision-to-result latency. Sequential, one
 * call at a time, on the same child-process broker as {@code bench e2e}; the first 10% of the
 * calls warm up and are not recorded. Main thread only.
 */
public final class TransactionFloorBench {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TransactionFloorBench() {}

    public static void main(String[] args) throws Exception {
        int count = 2000;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("bench txn: unknown option " + args[i]
                        + " (usage: --count N --json FILE)");
            }
        }
        if (count < 10) {
            throw new IllegalArgumentException("bench txn: --count must be at least 10, got " + count);
        }
        Histogram in = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        Histogram commit = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        Histogram out = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        try (BenchBroker kafka = BenchBroker.start("txn")) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("decisions", 1, (short) 1), new NewTopic("results", 1, (short) 1),
                        new NewTopic("audit", 1, (short) 1))).all().get(1, TimeUnit.MINUTES);
            }
            TopicPartition decisions = new TopicPartition("decisions", 0);
            try (KafkaProducer<byte[], byte[]> plain = new KafkaProducer<>(plainProducer(bootstrap));
                 KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(ProducerSettings.transactional(
                         Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), "bench-txn"));
                 KafkaConsumer<byte[], byte[]> decisionReader = reader(bootstrap, decisions);
                 KafkaConsumer<byte[], byte[]> resultReader = reader(bootstrap, new TopicPartition("results", 0))) {
                tx.initTransactions();
                ConsumerGroupMetadata group = new ConsumerGroupMetadata("bench-txn");
                int warm = count / 10;
                for (int i = 0; i < count + warm; i++) {
                    byte[] v = ("call-" + i).getBytes(StandardCharsets.UTF_8);
                    long t0 = System.nanoTime();
                    plain.send(new ProducerRecord<>(decisions.topic(), v));
                    awaitOne(decisionReader);
                    long t1 = System.nanoTime();
                    tx.beginTransaction();
                    tx.send(new ProducerRecord<>("results", v));
                    tx.send(new ProducerRecord<>("audit", v));
                    tx.sendOffsetsToTransaction(Map.of(decisions, new OffsetAndMetadata(i + 1L)), group);
                    tx.commitTransaction();
                    long t2 = System.nanoTime();
                    awaitOne(resultReader);
                    long t3 = System.nanoTime();
                    if (i >= warm) {
                        in.recordValue((t1 - t0) / 1000);
                        commit.recordValue((t2 - t1) / 1000);
                        out.recordValue((t3 - t1) / 1000);
                    }
                }
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("calls", count);
        report.put("decision_in", percentiles(in));
        report.put("transaction_commit", percentiles(commit));
        report.put("result_out", percentiles(out));
        System.out.printf("%nKafka alone, %d sequential calls (after %d warm-up calls):%n", count, count / 10);
        print("decision in (produce -> read)", in);
        print("transaction commit (begin -> acked)", commit);
        print("result out (begin -> read_committed)", out);
        System.out.printf("floor under bench e2e's p50: %.2f ms (decision in + result out)%n",
                (in.getValueAtPercentile(50) + out.getValueAtPercentile(50)) / 1e3);
        if (json != null) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            System.out.println("wrote " + json.toAbsolutePath());
        }
        System.exit(0);
    }

    /** Like the e2e load generator's producer: no linger. */
    private static Map<String, Object> plainProducer(String bootstrap) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** A read_committed reader of one partition from its end, with the short fetch wait the e2e bench's reader uses. */
    private static KafkaConsumer<byte[], byte[]> reader(String bootstrap, TopicPartition tp) {
        KafkaConsumer<byte[], byte[]> c = LoadRun.readCommitted(bootstrap);
        c.assign(List.of(tp));
        c.seekToEnd(List.of(tp));
        c.position(tp);
        return c;
    }

    private static void awaitOne(KafkaConsumer<byte[], byte[]> reader) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reader.poll(Duration.ofMillis(1)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no record within " + WAIT);
            }
        }
    }

    private static Map<String, Double> percentiles(Histogram h) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50_ms", h.getValueAtPercentile(50) / 1e3);
        m.put("p90_ms", h.getValueAtPercentile(90) / 1e3);
        m.put("p99_ms", h.getValueAtPercentile(99) / 1e3);
        return m;
    }

    private static void print(String what, Histogram h) {
        System.out.printf("  %-38s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms%n", what, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3);
    }
}
