package dev.sandstage.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every released version of the event schemas, read from this module's classpath
 * ({@code dev/sandstage/schema/released/<release>/<Type>.avsc}, one self-contained schema per
 * file). A release directory holds the schemas that changed in that release, and only those: v1
 * holds every type, later releases the types whose fingerprint changed. Released files are never
 * edited; a change ships as a new directory, added to {@link #RELEASES}.
 *
 * <p>Used by readers that must decode what older writers wrote ({@link EventCodec#reading}), by
 * the stage's {@code /schemas} endpoints and by the schema evolution tests. Loaded once; immutable
 * and safe from any thread.
 */
public final class ReleasedSchemas {

    /** Release names, oldest first. */
    public static final List<String> RELEASES = List.of("v1", "v2");

    private static final String ROOT = "/dev/sandstage/schema/released/";
    private static final List<Released> ALL = load();

    /** One released schema: the release that introduced it, its event type and the schema. */
    public record Released(String release, Class<? extends SpecificRecord> type, Schema schema) {

        /** The writer-schema fingerprint values written with this schema carry. */
        public long fingerprint() {
            return SchemaFingerprint.of(schema);
        }
    }

    private ReleasedSchemas() {
    }

    /** Every released schema, by release (oldest first), then in the order of {@link SandstageEvents#TYPES}. */
    public static List<Released> all() {
        return ALL;
    }

    /** The released versions of {@code type}, oldest first. */
    public static List<Released> of(Class<? extends SpecificRecord> type) {
        return ALL.stream().filter(r -> r.type() == type).toList();
    }

    /** The newest released version of {@code type}. */
    public static Released latest(Class<? extends SpecificRecord> type) {
        List<Released> versions = of(type);
        return versions.get(versions.size() - 1);
    }

    /** Just the schemas of {@link #all()}, e.g. for {@link EventCodec#of(Class, java.util.Collection)}. */
    public static List<Schema> schemas() {
        return ALL.stream().map(Released::schema).toList();
    }

    /** The file a release would hold {@code type} in, as a classpath resource name. */
    public static String resource(String release, Class<? extends SpecificRecord> type) {
        return ROOT + release + "/" + type.getSimpleName() + ".avsc";
    }

    private static List<Released> load() {
        List<Released> all = new ArrayList<>();
        for (String release : RELEASES) {
            for (Class<? extends SpecificRecord> type : SandstageEvents.TYPES) {
                read(resource(release, type)).ifPresent(schema -> all.add(new Released(release, type, schema)));
            }
        }
        for (Class<? extends SpecificRecord> type : SandstageEvents.TYPES) {
            if (all.stream().noneMatch(r -> r.type() == type)) {
                throw new IllegalStateException("no released schema of " + type.getSimpleName() + " on the classpath ("
                        + resource(RELEASES.get(0), type) + ")");
            }
        }
        return List.copyOf(all);
    }

    private static Optional<Schema> read(String resource) {
        try (InputStream in = ReleasedSchemas.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new Schema.Parser().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
