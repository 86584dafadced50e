package dev.sandstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.catalog.ToolCatalog;
import dev.sandstage.catalog.ToolDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolsCommandTest {

    @Test
    void listsEveryDefaultToolWithAHeader() {
        List<ToolDefinition> tools = List.copyOf(ToolCatalog.loadDefault().tools());

        List<String> lines = ToolsCommand.lines(tools);

        assertThat(lines.getFirst()).startsWith("NAME").contains("IDEMPOTENT", "ISOLATION", "TIMEOUT");
        assertThat(lines).hasSize(tools.size() + 1);
        assertThat(lines).anyMatch(l -> l.startsWith("echo "));
    }
}
