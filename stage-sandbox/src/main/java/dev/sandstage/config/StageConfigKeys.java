package dev.sandstage.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every configuration key of the stage, declared once: name, type, default, rules and doc. The
 * loader binds them into {@link StageConfig}; {@link ConfigDocs} renders the README table from
 * {@link #ALL} and {@link #PREFIXES}. Adding a key means adding it here, to {@link #ALL}, and to
 * the record that carries it. Immutable; any thread.
 */
public final class StageConfigKeys {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final String TOPIC_RULE = "must be 1 to 249 characters of A-Z, a-z, 0-9, '.', '_', '-'";

    /** Servers listen on loopback only; {@code http.host} exists to say so, not to be changed. */
    public static final String LOOPBACK = "127.0.0.1";

    public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS = ConfigKey.string("kafka.bootstrap-servers",
            "127.0.0.1:9092", "Kafka brokers to bootstrap from, `host:port` separated by commas")
            .require(s -> s.matches("[^,\\s]+:\\d{1,5}(\\s*,\\s*[^,\\s]+:\\d{1,5})*"),
                    "must be host:port, separated by commas");

    public static final ConfigPrefix KAFKA_CONSUMER = new ConfigPrefix("kafka.consumer.",
            Set.of("bootstrap.servers", "group.id", "enable.auto.commit", "isolation.level",
                    "key.deserializer", "value.deserializer"),
            "any Kafka consumer property, passed through (the stage sets group, offsets, isolation and deserializers itself)");
    public static final ConfigPrefix KAFKA_PRODUCER = new ConfigPrefix("kafka.producer.",
            Set.of("bootstrap.servers", "transactional.id", "enable.idempotence", "acks",
                    "key.serializer", "value.serializer"),
            "any Kafka producer property, passed through (the stage sets transactions, idempotence, acks and serializers itself)");

    public static final ConfigKey<String> TOPICS_DECISIONS = topic("topics.decisions", "policy.decisions.v1",
            "topic the stage reads `ToolCallDecision`s from");
    public static final ConfigKey<String> TOPICS_RESULTS = topic("topics.results", "tool.results.v1",
            "topic the stage writes one `ToolResult` per decision record to");
    public static final ConfigKey<String> TOPICS_AUDIT = topic("topics.audit", "tool.audit.v1",
            "topic the stage writes `AuditEvent`s to");
    public static final ConfigKey<String> TOPICS_DLQ = topic("topics.dlq", "policy.decisions.v1.dlq",
            "topic undecodable decision records go to, error in headers");
    public static final ConfigKey<String> TOPICS_JOURNAL = topic("topics.journal", "sandstage.journal.v1",
            "the stage's internal execution journal (at-most-once for non-idempotent tools)");
    public static final ConfigKey<Integer> TOPICS_PARTITIONS = ConfigKey.integer("topics.partitions", 6,
            "partitions of the topics the stage creates when they are missing")
            .require(n -> n >= 1 && n <= 10_000, "must be between 1 and 10000");

    public static final ConfigKey<String> STAGE_INSTANCE_ID = ConfigKey.string("stage.instance-id", "",
            "this instance's id: labels its containers, names its transactional id")
            .derivedDefault("host name, sanitized")
            .require(s -> INSTANCE_ID.matcher(s).matches(),
                    "must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', '-', starting with a letter or digit");
    public static final ConfigKey<String> STAGE_GROUP_ID = ConfigKey.string("stage.group-id", "sandstage",
            "Kafka consumer group of all stage instances")
            .require(s -> !s.isBlank(), "must not be empty");
    /** Default read-ahead per sandbox: enough queued work that a sandbox never idles while the consumer fetches. */
    public static final int IN_FLIGHT_PER_SANDBOX = 16;
    public static final ConfigKey<Integer> STAGE_MAX_IN_FLIGHT = ConfigKey.integer("stage.max-in-flight", 0,
            "decisions read from Kafka and not yet finished (waiting plus running), at most; the consumer pauses at it")
            .derivedDefault(IN_FLIGHT_PER_SANDBOX + " x `pool.global-max`")
            .require(n -> n >= 1 && n <= 100_000, "must be between 1 and 100000");
    public static final ConfigKey<Duration> STAGE_COMMIT_INTERVAL = ConfigKey.duration("stage.commit-interval", "100ms",
            "how long audit receipts (received, started) wait for a result to share its Kafka transaction; results never wait")
            .require(d -> d.compareTo(Duration.ofMillis(1)) >= 0 && d.compareTo(Duration.ofSeconds(10)) <= 0,
                    "must be between 1ms and 10s");
    public static final ConfigKey<Duration> STAGE_SHUTDOWN_GRACE = ConfigKey.duration("stage.shutdown-grace", "30s",
            "on SIGTERM, how long running calls may finish before they are interrupted")
            .require(d -> d.compareTo(Duration.ofHours(1)) <= 0, "must be at most 1h");

    public static final ConfigKey<Boolean> VERIFY_SIGNATURE_REQUIRED = ConfigKey.bool("verify.signature-required", true,
            "reject decisions without a valid signature");
    public static final ConfigKey<Duration> VERIFY_CLOCK_SKEW = ConfigKey.duration("verify.clock-skew", "30s",
            "tolerance when comparing `expires_at` with this host's clock")
            .require(d -> d.compareTo(Duration.ofMinutes(10)) <= 0, "must be at most 10m");
    public static final ConfigKey<Path> VERIFY_KEYS_DIR = ConfigKey.path("verify.keys-dir",
            "`<state directory>/keys`", "directory of the keys decisions are verified with");
    public static final ConfigKey<Long> VERIFY_MAX_ARGUMENTS_BYTES = ConfigKey.size("verify.max-arguments-bytes",
            "256KiB", "largest `arguments_json` accepted")
            .require(n -> n >= 1 && n <= 16L << 20, "must be between 1 and 16MiB");

    public static final ConfigKey<String> CATALOG_PATH = ConfigKey.string("catalog.path", "",
            "tool catalog YAML file; empty means the built-in default catalog");

    public static final ConfigKey<Integer> POOL_GLOBAL_MAX = ConfigKey.integer("pool.global-max", 4,
            "sandboxes of all classes together, at most")
            .require(n -> n >= 1 && n <= 1024, "must be between 1 and 1024");
    public static final ConfigKey<Duration> POOL_ACQUIRE_DEADLINE = ConfigKey.duration("pool.acquire-deadline", "30s",
            "how long a call waits for a free sandbox before it fails")
            .require(d -> !d.isZero(), "must be longer than 0");
    public static final ConfigKey<Integer> POOL_WORKER_THREADS = ConfigKey.integer("pool.worker-threads", 0,
            "threads running blocking container calls (create, execute, destroy)")
            .derivedDefault("same as `pool.global-max`")
            .require(n -> n >= 1 && n <= 256, "must be between 1 and 256");

    public static final ConfigKey<Boolean> AUDIT_INCLUDE_ARGUMENTS = ConfigKey.bool("audit.include-arguments", false,
            "copy raw `arguments_json` into audit events (their SHA-256 is always there)");

    public static final ConfigKey<String> HTTP_HOST = ConfigKey.string("http.host", LOOPBACK,
            "address of the HTTP endpoints; loopback only, any other value is rejected")
            .require(LOOPBACK::equals, "servers listen on loopback only: must be " + LOOPBACK);
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.integer("http.port", 8080,
            "port of `/health/live`, `/health/ready`, `/metrics`, `/pool`, `/schemas`; 0 picks a free one")
            .require(n -> n >= 0 && n <= 65_535, "must be between 0 and 65535");

    public static final ConfigKey<LogFormat> LOG_FORMAT = ConfigKey.enumeration("log.format", LogFormat.class,
            LogFormat.TEXT, "format of the log lines on stderr: `text`, or `json` (one JSON object per line; see Logs)");

    /** Every key, in README order. */
    public static final List<ConfigKey<?>> ALL = List.of(KAFKA_BOOTSTRAP_SERVERS, TOPICS_DECISIONS, TOPICS_RESULTS,
            TOPICS_AUDIT, TOPICS_DLQ, TOPICS_JOURNAL, TOPICS_PARTITIONS, STAGE_INSTANCE_ID, STAGE_GROUP_ID,
            STAGE_MAX_IN_FLIGHT, STAGE_COMMIT_INTERVAL, STAGE_SHUTDOWN_GRACE, VERIFY_SIGNATURE_REQUIRED,
            VERIFY_CLOCK_SKEW, VERIFY_KEYS_DIR, VERIFY_MAX_ARGUMENTS_BYTES, CATALOG_PATH, POOL_GLOBAL_MAX,
            POOL_ACQUIRE_DEADLINE, POOL_WORKER_THREADS, AUDIT_INCLUDE_ARGUMENTS, HTTP_HOST, HTTP_PORT, LOG_FORMAT);

    /** Every pass-through prefix. */
    public static final List<ConfigPrefix> PREFIXES = List.of(KAFKA_CONSUMER, KAFKA_PRODUCER);

    private StageConfigKeys() {}

    private static ConfigKey<String> topic(String name, String defaultTopic, String doc) {
        return ConfigKey.string(name, defaultTopic, doc).require(t -> TOPIC.matcher(t).matches(), TOPIC_RULE);
    }
}
