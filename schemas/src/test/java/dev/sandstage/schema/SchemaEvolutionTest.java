package dev.sandstage.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.JournalState;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds every current schema against its released versions ({@link ReleasedSchemas}, main
 * resources {@code dev/sandstage/schema/released/v<N>/<Type>.avsc}), and each current schema to
 * be released: a changed schema fails here until a new release directory holds it. Add a
 * directory when a version ships, never edit one.
 */
class SchemaEvolutionTest {

    static Stream<Class<? extends SpecificRecord>> types() {
        return SandstageEvents.TYPES.stream();
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyCurrentSchemaIsItsLatestRelease(Class<? extends SpecificRecord> type) {
        ReleasedSchemas.Released latest = ReleasedSchemas.latest(type);
        String next = "v" + (ReleasedSchemas.RELEASES.size() + 1);

        assertThat(SchemaFingerprint.hexOf(SandstageEvents.schemaOf(type)))
                .as("%s changed since release %s: release it as %s (add schemas/src/main/resources%s and \"%s\" to ReleasedSchemas.RELEASES)",
                        type.getSimpleName(), latest.release(), next, ReleasedSchemas.resource(next, type), next)
                .isEqualTo(SchemaFingerprint.hexOf(latest.schema()));
    }

    @Test
    void theFirstReleaseHoldsEveryTypeAndEachLaterOneOnlyTypesThatChanged() {
        assertThat(ReleasedSchemas.all()).filteredOn(r -> r.release().equals("v1"))
                .extracting(ReleasedSchemas.Released::type).containsExactlyElementsOf(SandstageEvents.TYPES);
        for (Class<? extends SpecificRecord> type : SandstageEvents.TYPES) {
            List<Long> fingerprints = ReleasedSchemas.of(type).stream().map(ReleasedSchemas.Released::fingerprint).toList();
            assertThat(fingerprints).as("%s: a release holds a copy of an unchanged schema", type.getSimpleName())
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void everyFileInTheReleasedDirectoryIsARelease() throws Exception {
        String dir = "/dev/sandstage/schema/released/";
        Path root = Path.of(SchemaEvolutionTest.class.getResource(dir).toURI());
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> dir + root.relativize(f).toString().replace('\\', '/')))
                    .as("files under released/ (a directory missing from ReleasedSchemas.RELEASES is never read)")
                    .containsExactlyInAnyOrderElementsOf(ReleasedSchemas.all().stream()
                            .map(r -> ReleasedSchemas.resource(r.release(), r.type())).toList());
        }
    }

    @Test
    void v2ReleasesToolResultWithStdoutJson() {
        assertThat(ReleasedSchemas.all()).filteredOn(r -> r.release().equals("v2"))
                .extracting(ReleasedSchemas.Released::type).containsExactly(ToolResult.class);
        assertThat(released("v2", ToolResult.class).getField("stdout_json")).isNotNull();
        assertThat(released("v1", ToolResult.class).getField("stdout_json")).isNull();
    }

    @ParameterizedTest
    @MethodSource("types")
    void currentSchemaReadsEveryReleasedVersion(Class<? extends SpecificRecord> type) {
        for (Schema released : releasedSchemas(type)) {
            assertCompatible(SchemaCompatibility.checkReaderWriterCompatibility(SandstageEvents.schemaOf(type), released));
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyReleasedVersionReadsTheCurrentSchema(Class<? extends SpecificRecord> type) {
        for (Schema released : releasedSchemas(type)) {
            assertCompatible(SchemaCompatibility.checkReaderWriterCompatibility(released, SandstageEvents.schemaOf(type)));
        }
    }

    @Test
    void v1DecisionIsReadByALaterReaderThatAddsAFieldWithDefault() throws IOException {
        Schema v1 = released("v1", ToolCallDecision.class);
        Schema later = withExtraField(v1, "{\"name\":\"priority\",\"type\":\"int\",\"default\":5}");
        byte[] body = writeBody(v1, v1Decision(v1));

        GenericRecord read = new GenericDatumReader<GenericRecord>(v1, later)
                .read(null, DecoderFactory.get().binaryDecoder(body, null));

        assertThat(read.get("priority")).isEqualTo(5);
        assertThat(read.get("decision_id")).hasToString("d-v1");
    }

    @Test
    void aReadingCodecReadsAV1ResultWithStdoutJsonNull() throws IOException {
        // The current ToolResult is v2: v1 plus stdout_json.
        Schema v1 = released("v1", ToolResult.class);
        ToolResult sample = SampleEvents.result();
        GenericRecord writtenByV1 = readAs(v1, sample);

        ToolResult decoded = EventCodec.reading(ToolResult.class).decode(singleObject(v1, writtenByV1));

        assertThat(decoded.getStdoutJson()).isNull();
        assertThat(decoded.getDecisionId()).isEqualTo(sample.getDecisionId());
        assertThat(decoded.getStdout()).isEqualTo(sample.getStdout());
        assertThat(decoded.getSandbox()).isEqualTo(sample.getSandbox());
    }

    @Test
    void v1ReaderReadsACurrentResultAndSkipsStdoutJson() throws IOException {
        Schema v1 = released("v1", ToolResult.class);
        ToolResult sample = SampleEvents.result();
        assertThat(sample.getStdoutJson()).isEqualTo("{\"state\":\"running\"}");

        GenericRecord read = readAs(v1, sample);

        assertThat(read.getSchema().getField("stdout_json")).isNull();
        assertThat(read.get("decision_id")).hasToString(sample.getDecisionId());
        assertThat(read.get("status")).hasToString("SUCCEEDED");
        assertThat(((GenericRecord) read.get("sandbox")).get("sandbox_id")).hasToString("c0ffee");
        assertThat(((GenericRecord) read.get("stdout")).get("total_bytes")).isEqualTo(sample.getStdout().getTotalBytes());
    }

    @Test
    void codecDecodesValuesOfOlderWriterSchemasItWasGiven() {
        // An "older" decision schema without constraints, written by an older policy engine.
        Schema older = withoutField(ToolCallDecision.getClassSchema(), "constraints");
        GenericRecord record = v1Decision(older);
        byte[] value = singleObject(older, record);

        ToolCallDecision decoded = EventCodec.of(ToolCallDecision.class, List.of(older)).decode(value);

        assertThat(decoded.getDecisionId()).isEqualTo("d-v1");
        assertThat(decoded.getConstraints()).isNull();
        EventDecodeException unknown = catchThrowableOfType(EventDecodeException.class,
                () -> EventCodec.of(ToolCallDecision.class).decode(value));
        assertThat(unknown.code()).isEqualTo(ErrorCode.UNKNOWN_SCHEMA_FINGERPRINT);
    }

    @Test
    void fieldsAddedByANewerWriterAreSkipped() {
        Schema newer = withExtraField(withExtraField(ToolCallDecision.getClassSchema(),
                "{\"name\":\"labels\",\"type\":{\"type\":\"array\",\"items\":\"string\"},\"default\":[]}"),
                "{\"name\":\"origin\",\"type\":[\"null\",\"bytes\"],\"default\":null}");
        GenericRecord record = v1Decision(newer);
        record.put("labels", List.of("a", "bb"));
        record.put("origin", java.nio.ByteBuffer.wrap(new byte[] {9, 9}));

        ToolCallDecision decoded = EventCodec.of(ToolCallDecision.class, List.of(newer)).decode(singleObject(newer, record));

        assertThat(decoded.getDecisionId()).isEqualTo("d-v1");
        assertThat(decoded.getAllowed()).isTrue();
    }

    @Test
    void enumSymbolUnknownToThisReaderReadsAsUnknown() {
        String newer = ExecutionJournalEntry.getClassSchema().toString()
                .replace("\"STARTED\",\"FINISHED\"]", "\"STARTED\",\"FINISHED\",\"ABANDONED\"]");
        Schema newerSchema = new Schema.Parser().parse(newer);
        GenericRecord entry = new GenericData.Record(newerSchema);
        ExecutionJournalEntry sample = SampleEvents.journalEntry();
        for (Schema.Field f : newerSchema.getFields()) {
            entry.put(f.name(), sample.get(f.name()));
        }
        entry.put("recorded_at", SampleEvents.T0.toEpochMilli());
        entry.put("state", new GenericData.EnumSymbol(newerSchema.getField("state").schema(), "ABANDONED"));
        entry.put("final_status", null);

        ExecutionJournalEntry decoded = EventCodec.of(ExecutionJournalEntry.class, List.of(newerSchema))
                .decode(singleObject(newerSchema, entry));

        assertThat(decoded.getState()).isEqualTo(JournalState.UNKNOWN);
        assertThat(decoded.getDecisionId()).isEqualTo(sample.getDecisionId());
    }

    @Test
    void codecRefusesAnOlderSchemaItCannotResolve() {
        Schema incompatible = withExtraField(withoutField(ToolCallDecision.getClassSchema(), "tool"),
                "{\"name\":\"tool\",\"type\":\"int\"}");

        assertThatThrownBy(() -> EventCodec.of(ToolCallDecision.class, List.of(incompatible)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read as the current ToolCallDecision");
    }

    @Test
    void codecAcceptsAllReleasedSchemas() {
        List<Schema> all = new ArrayList<>();
        SandstageEvents.TYPES.forEach(t -> all.addAll(releasedSchemas(t)));

        EventCodec<ToolCallDecision> codec = EventCodec.of(ToolCallDecision.class, all);

        assertThat(codec.decode(codec.encode(SampleEvents.decision("d-3"))).getDecisionId()).isEqualTo("d-3");
    }

    static List<Schema> releasedSchemas(Class<? extends SpecificRecord> type) {
        return ReleasedSchemas.of(type).stream().map(ReleasedSchemas.Released::schema).toList();
    }

    static Schema released(String release, Class<? extends SpecificRecord> type) {
        return ReleasedSchemas.of(type).stream().filter(r -> r.release().equals(release)).findFirst()
                .orElseThrow(() -> new AssertionError("release " + release + " holds no " + type.getSimpleName()))
                .schema();
    }

    private static void assertCompatible(SchemaCompatibility.SchemaPairCompatibility result) {
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static GenericRecord v1Decision(Schema schema) {
        GenericRecord r = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            r.put(f.name(), switch (f.schema().getType()) {
                case STRING -> f.name().equals("decision_id") ? "d-v1" : "x";
                case BOOLEAN -> true;
                case LONG -> SampleEvents.T0.toEpochMilli();
                default -> null;
            });
        }
        return r;
    }

    private static Schema withExtraField(Schema base, String fieldJson) {
        String json = base.toString();
        return new Schema.Parser().parse(json.substring(0, json.lastIndexOf(']')) + "," + fieldJson + "]}");
    }

    private static Schema withoutField(Schema base, String name) {
        List<Schema.Field> fields = base.getFields().stream()
                .filter(f -> !f.name().equals(name))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    /** {@code value} as a reader of {@code readerSchema} sees it after the current writer wrote it. */
    private static GenericRecord readAs(Schema readerSchema, SpecificRecord value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(value.getSchema()).write(value, encoder);
        return new GenericDatumReader<GenericRecord>(value.getSchema(), readerSchema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static byte[] writeBody(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        return out.toByteArray();
    }

    private static byte[] singleObject(Schema schema, GenericRecord record) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)));
        }
        try {
            out.writeBytes(writeBody(schema, record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
