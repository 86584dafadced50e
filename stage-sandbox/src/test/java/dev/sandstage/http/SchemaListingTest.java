package dev.sandstage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.config.TopicSettings;
import dev.sandstage.schema.ReleasedSchemas;
import dev.sandstage.schema.SchemaFingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchemaListingTest {

    private final SchemaListing listing = SchemaListing.forTopics(new TopicSettings("policy.decisions.v1",
            "tool.results.v1", "tool.audit.v1", "policy.decisions.v1.dlq", "sandstage.journal.v1", 3));

    @Test
    void servesEveryReleasedSchemaOnceEachWithItsOwnFingerprint() {
        assertThat(listing.entries()).hasSize(ReleasedSchemas.all().size());
        for (SchemaListing.Entry e : listing.entries()) {
            assertThat(SchemaFingerprint.hexOf(e.schema())).isEqualTo(e.fingerprint());
            assertThat(listing.schemaJson(e.fingerprint())).contains(e.schema().toString());
        }
    }

    @Test
    void theJournalIsReadAndWrittenAndOnlyCurrentSchemasAreWritten() {
        assertThat(listing.entries()).filteredOn(e -> e.name().endsWith("ExecutionJournalEntry")).singleElement()
                .satisfies(e -> assertThat(e.uses()).extracting(SchemaListing.Use::role).containsExactly("read", "write"));
        assertThat(listing.entries()).filteredOn(e -> !e.current())
                .allSatisfy(e -> assertThat(e.uses()).extracting(SchemaListing.Use::role).doesNotContain("write"));
    }

    @Test
    void anUnknownFingerprintIsEmptyAndAMalformedOneRefused() {
        assertThat(listing.schemaJson("0000000000000000")).isEmpty();
        assertThatThrownBy(() -> listing.schemaJson("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReadmesFingerprintTableNamesEveryServedSchema() throws IOException {
        String root = System.getProperty("sandstage.repo.root");
        // Surefire runs in the module directory; failsafe passes the repository root explicitly.
        String readme = Files.readString((root == null || root.isBlank() ? Path.of("..") : Path.of(root))
                .resolve("README.md"));

        for (SchemaListing.Entry e : listing.entries()) {
            String simpleName = e.name().substring(e.name().lastIndexOf('.') + 1);
            assertThat(readme).as("README row for %s %s", simpleName, e.releasedIn())
                    .contains("| `" + e.fingerprint() + "` | `" + simpleName + "` | " + e.releasedIn());
        }
    }
}
