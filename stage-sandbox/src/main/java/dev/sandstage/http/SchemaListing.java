package dev.sandstage.http;

import dev.sandstage.config.TopicSettings;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.http.internal.JsonBodies;
import dev.sandstage.schema.ReleasedSchemas;
import dev.sandstage.schema.SandstageEvents;
import dev.sandstage.schema.SchemaFingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * What {@code GET /schemas} and {@code GET /schemas/<fingerprint>} serve: every writer schema a
 * value on the stage's topics can carry, so that a consumer in any language resolves a
 * single-object header it does not know. That is the current schema of each event type and every
 * released version ({@link ReleasedSchemas}), keyed by the printed fingerprint
 * ({@link SchemaFingerprint}: the 8 header bytes in header order, as hex), each with the topics it
 * appears on and the stage's role there:
 * <ul>
 *   <li>{@code read}: the stage decodes values written with it (every released version of what it reads);
 *   <li>{@code write}: the stage writes its values with it (the current schemas);
 *   <li>{@code earlier-write}: an earlier release of the stage wrote values with it, which the topic may still hold.
 * </ul>
 *
 * <p>Built once when the stage starts, from the configured topic names. Immutable: the HTTP
 * verticle's event loop answers from it directly.
 */
public final class SchemaListing {

    /** How a fingerprint is printed, stated in the listing itself. */
    public static final String FINGERPRINT_FORMAT = "16 lower-case hex digits: the 8 bytes that follow C3 01 in a"
            + " value, in the order they appear (the CRC-64-AVRO fingerprint of the schema's parsing canonical"
            + " form, little-endian)";

    private final Map<String, Entry> byFingerprint;
    private final String listingJson;

    /** One schema served: its fingerprint, full name, release, whether it is current, where it is used. */
    public record Entry(String fingerprint, String name, String releasedIn, boolean current, List<Use> uses,
            Schema schema) {}

    /** A topic and what the stage does with the schema there ({@code read}, {@code write}, {@code earlier-write}). */
    public record Use(String topic, String role) {}

    private SchemaListing(List<Entry> entries) {
        Map<String, Entry> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.fingerprint(), e));
        this.byFingerprint = map;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fingerprint", e.fingerprint());
            row.put("name", e.name());
            row.put("released_in", e.releasedIn());
            row.put("current", e.current());
            row.put("uses", e.uses());
            row.put("href", "/schemas/" + e.fingerprint());
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fingerprint_format", FINGERPRINT_FORMAT);
        body.put("schemas", rows);
        this.listingJson = JsonBodies.write(body);
    }

    /** The schemas of the stage's topics as {@code topics} names them. */
    public static SchemaListing forTopics(TopicSettings topics) {
        List<Entry> entries = new ArrayList<>();
        entries.addAll(entries(ToolCallDecision.class, topics.decisions(), true, false));
        entries.addAll(entries(ToolResult.class, topics.results(), false, true));
        entries.addAll(entries(AuditEvent.class, topics.audit(), false, true));
        entries.addAll(entries(ExecutionJournalEntry.class, topics.journal(), true, true));
        return new SchemaListing(entries);
    }

    /** Every schema served, current and released, in the order {@code GET /schemas} lists them. */
    public List<Entry> entries() {
        return List.copyOf(byFingerprint.values());
    }

    /** The body of {@code GET /schemas}. */
    public String listingJson() {
        return listingJson;
    }

    /**
     * The schema JSON for a printed fingerprint (either case), or empty when no schema served has it.
     *
     * @throws IllegalArgumentException when {@code fingerprint} is not 16 hex digits
     */
    public Optional<String> schemaJson(String fingerprint) {
        String hex = SchemaFingerprint.hex(SchemaFingerprint.parse(fingerprint));
        return Optional.ofNullable(byFingerprint.get(hex)).map(e -> e.schema().toString());
    }

    private static List<Entry> entries(Class<? extends SpecificRecord> type, String topic, boolean reads,
            boolean writes) {
        Schema current = SandstageEvents.schemaOf(type);
        long currentFingerprint = SchemaFingerprint.of(current);
        Map<Long, Entry> versions = new LinkedHashMap<>();
        for (ReleasedSchemas.Released r : ReleasedSchemas.of(type)) {
            boolean isCurrent = r.fingerprint() == currentFingerprint;
            // The current schema's own text: the same fingerprint, with the newest docs.
            versions.put(r.fingerprint(), entry(isCurrent ? current : r.schema(), r.release(), isCurrent, topic,
                    reads, writes));
        }
        // A build whose schema is not released yet (SchemaEvolutionTest refuses to ship one) still serves it.
        versions.computeIfAbsent(currentFingerprint, fp -> entry(current, null, true, topic, reads, writes));
        return List.copyOf(versions.values());
    }

    private static Entry entry(Schema schema, String release, boolean current, String topic, boolean reads,
            boolean writes) {
        List<Use> uses = new ArrayList<>();
        if (reads) {
            uses.add(new Use(topic, "read"));
        }
        if (writes) {
            uses.add(new Use(topic, current ? "write" : "earlier-write"));
        }
        return new Entry(SchemaFingerprint.hexOf(schema), schema.getFullName(), release, current, List.copyOf(uses),
                schema);
    }
}
