package dev.sandstage.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    @Test
    void readmeHoldsExactlyTheTableGeneratedFromTheDeclarations() throws IOException {
        String root = System.getProperty("sandstage.repo.root");
        // Surefire runs in the module directory; failsafe passes the repository root explicitly.
        Path readme = (root == null || root.isBlank() ? Path.of("..") : Path.of(root)).resolve("README.md");
        String text = Files.readString(readme);

        int begin = text.indexOf(ConfigDocs.BEGIN);
        int end = text.indexOf(ConfigDocs.END);
        assertThat(begin).as("README.md has " + ConfigDocs.BEGIN).isNotNegative();
        assertThat(end).as("README.md has " + ConfigDocs.END).isGreaterThan(begin);
        assertThat(text.substring(begin, end + ConfigDocs.END.length()))
                .as("regenerate the table with ConfigDocs.readmeSection()")
                .isEqualTo(ConfigDocs.readmeSection());
    }

    @Test
    void tableHasOneRowPerKeyAndPrefix() {
        String table = ConfigDocs.markdownTable();

        assertThat(table.lines()).hasSize(2 + StageConfigKeys.ALL.size() + StageConfigKeys.PREFIXES.size());
        assertThat(table).contains("| `http.port` | `SANDSTAGE_HTTP_PORT` | int | `8080` |")
                .contains("| `kafka.consumer.*` | `SANDSTAGE_KAFKA_CONSUMER_*` | properties |")
                .contains("| `log.format` | `SANDSTAGE_LOG_FORMAT` | enum: text \\| json | `text` |");
    }
}
