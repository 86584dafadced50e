package dev.sandstage.broker.internal;

import dev.sandstage.broker.KafkaPorts;
import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Renders and edits the embedded broker's {@code server.properties}: a single node that is both
 * KRaft controller and broker, listening on 127.0.0.1 only.
 *
 * <p>The file is rendered once, on the first start, and then belongs to the user: a later start
 * with other ports rewrites only the three listener keys ({@link #LISTENER_KEYS}) and keeps every
 * other line, comments included. Pure text in, text out; no I/O. Called by {@code EmbeddedKafka}
 * on the thread that starts the broker.
 */
public final class BrokerConfigFile {

    /** Name of the client listener; clients and the broker itself use it. */
    static final String BROKER_LISTENER = "PLAINTEXT";
    /** Name of the KRaft controller listener. */
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String LISTENERS = "listeners";
    static final String ADVERTISED_LISTENERS = "advertised.listeners";
    static final String QUORUM_VOTERS = "controller.quorum.voters";
    /** The keys that carry ports; the only ones a later start rewrites. */
    public static final List<String> LISTENER_KEYS = List.of(LISTENERS, ADVERTISED_LISTENERS, QUORUM_VOTERS);

    private static final int NODE_ID = 1;

    private BrokerConfigFile() {}

    /** The complete file of a first start; {@code log.dirs} is relative to the broker's working directory. */
    public static String render(KafkaPorts ports) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                # Sandstage's embedded single-node Kafka broker (KRaft, combined broker and controller).
                # Written by `sandstage kafka` on the first start; edit freely. A later start with
                # --port or --controller-port rewrites only listeners, advertised.listeners and
                # controller.quorum.voters. Paths are relative to this file's directory, where the
                # broker runs.
                """);
        section(sb, "Identity and roles");
        line(sb, "process.roles", "broker,controller");
        line(sb, "node.id", String.valueOf(NODE_ID));
        section(sb, "Listeners: loopback only");
        listenerValues(ports).forEach((k, v) -> line(sb, k, v));
        line(sb, "controller.listener.names", CONTROLLER_LISTENER);
        line(sb, "inter.broker.listener.name", BROKER_LISTENER);
        line(sb, "listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT," + BROKER_LISTENER + ":PLAINTEXT");
        section(sb, "Storage");
        line(sb, "log.dirs", "data");
        section(sb, "One node: every internal topic has one replica");
        line(sb, "offsets.topic.replication.factor", "1");
        line(sb, "transaction.state.log.replication.factor", "1");
        line(sb, "transaction.state.log.min.isr", "1");
        line(sb, "share.coordinator.state.topic.replication.factor", "1");
        line(sb, "share.coordinator.state.topic.min.isr", "1");
        line(sb, "min.insync.replicas", "1");
        line(sb, "default.replication.factor", "1");
        section(sb, "Groups start at once instead of waiting for more members");
        line(sb, "group.initial.rebalance.delay.ms", "0");
        sb.append("""

                # Topics are created on purpose (`sandstage up` creates its own with the partition
                # counts the stage relies on); a mistyped topic name fails instead of creating a topic.
                """);
        line(sb, "auto.create.topics.enable", "false");
        return sb.toString();
    }

    /** The ports in the file's {@code listeners} key. */
    public static KafkaPorts readPorts(String text) {
        String listeners = load(text).getProperty(LISTENERS);
        if (listeners == null) {
            throw new SandstageFatalException("server.properties has no listeners key", Map.of("key", LISTENERS));
        }
        Integer broker = null;
        Integer controller = null;
        for (String listener : listeners.split(",")) {
            String l = listener.trim();
            int port = portOf(l, listeners);
            if (l.startsWith(BROKER_LISTENER + "://")) {
                broker = port;
            } else if (l.startsWith(CONTROLLER_LISTENER + "://")) {
                controller = port;
            }
        }
        if (broker == null || controller == null) {
            throw new SandstageFatalException(
                    "listeners must name a " + BROKER_LISTENER + " and a " + CONTROLLER_LISTENER + " listener",
                    Map.of("key", LISTENERS, "value", listeners));
        }
        return new KafkaPorts(broker, controller);
    }

    /**
     * The same file with the listener keys set to {@code ports}; every other line is kept as it
     * is. A listener key missing from the file is appended.
     */
    public static String withPorts(String text, KafkaPorts ports) {
        Map<String, String> values = listenerValues(ports);
        Map<String, String> pending = new LinkedHashMap<>(values);
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String key = keyOf(line);
            if (key != null && values.containsKey(key)) {
                out.add(key + "=" + values.get(key));
                pending.remove(key);
            } else {
                out.add(line);
            }
        }
        String result = String.join("\n", out);
        StringBuilder sb = new StringBuilder(result);
        if (!pending.isEmpty() && !result.endsWith("\n")) {
            sb.append('\n');
        }
        pending.forEach((k, v) -> line(sb, k, v));
        return sb.toString();
    }

    private static Map<String, String> listenerValues(KafkaPorts ports) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(LISTENERS, BROKER_LISTENER + "://127.0.0.1:" + ports.broker()
                + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + ports.controller());
        values.put(ADVERTISED_LISTENERS, BROKER_LISTENER + "://127.0.0.1:" + ports.broker());
        values.put(QUORUM_VOTERS, NODE_ID + "@127.0.0.1:" + ports.controller());
        return values;
    }

    /** The key of a {@code key=value} or {@code key: value} line; null for comments and blanks. */
    private static String keyOf(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#") || l.startsWith("!")) {
            return null;
        }
        int end = 0;
        while (end < l.length() && "=: \t".indexOf(l.charAt(end)) < 0) {
            end++;
        }
        return l.substring(0, end);
    }

    private static int portOf(String listener, String listeners) {
        int colon = listener.lastIndexOf(':');
        try {
            return Integer.parseInt(listener.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new SandstageFatalException(
                    "a listener has no port", Map.of("key", LISTENERS, "value", listeners), e);
        }
    }

    private static Properties load(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static void section(StringBuilder sb, String title) {
        sb.append("\n# ").append(title).append('\n');
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(value).append('\n');
    }
}
