package dev.sandstage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a catalog can be wrong fails the load with the tool, the key and the reason. */
class CatalogValidationTest {

    private static final String SCHEMA = """
            {"type": "object", "properties": {"message": {"type": "string"}}}
            """;

    @TempDir
    Path dir;

    @Test
    void aMinimalEntryGetsTheDocumentedDefaults() throws IOException {
        ToolDefinition t = load(tool("echo", "")).find("echo").orElseThrow();

        assertThat(t.timeout()).hasSeconds(30);
        assertThat(t.memoryBytes()).isEqualTo(256L << 20);
        assertThat(t.cpus()).isEqualTo(1.0);
        assertThat(t.pids()).isEqualTo(128);
        assertThat(t.maxOutputBytes()).isEqualTo(64 * 1024);
        assertThat(t.maxArgumentsBytes()).isEqualTo(64 * 1024);
        assertThat(t.idempotent()).isFalse();
        assertThat(t.isolation()).isEqualTo(Isolation.CALL);
        assertThat(t.runtime()).isEqualTo("runc");
        assertThat(t.hardeningProfile()).isEqualTo("strict");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            timeout: 5x            | timeout       | "5x": not a duration: write a whole number and a unit
            timeout: 0s            | timeout       | must be positive, got "0s"
            memory: lots           | memory        | "lots": not a size: write a whole number and a unit
            memory: 64Mi           | memory        | must be at least 150994944 bytes: the strict profile's tmpfs mounts
            max-output: 0          | max-output    | must be positive, got "0"
            max-output: 64Mi       | max-output    | must be at most
            max-arguments: 1.5Ki   | max-arguments | "1.5Ki": not a size
            cpus: fast             | cpus          | must be a positive number, got "fast"
            cpus: 0                | cpus          | must be a positive number, got 0
            pids: 0                | pids          | must be a whole number of at least 1, got 0
            network: bridge        | network       | "bridge" is not supported (only none is, for now)
            idempotent: maybe      | idempotent    | must be true or false, got "maybe"
            isolation: forever     | isolation     | "forever" is not an isolation (use call or session)
            runtime: kata          | runtime       | "kata" is not a runtime (use runc or runsc)
            hardening: paranoid    | hardening     | "paranoid" is not a hardening profile
            min-idle: 5            | min-idle      | must not exceed max (4)
            max: 0                 | max           | must be a whole number of at least 1, got 0
            colour: blue           | colour        | unknown key (known keys: arguments-schema, command, cpus,
            command: []            | command       | must be a non-empty list of strings
            command: echo          | command       | must be a non-empty list of strings
            'command: ["", "x"]'   | command       | the first element must name the program
            """)
    void aBadValueNamesTheToolTheKeyAndTheReason(String line, String key, String reason) throws IOException {
        assertThatThrownBy(() -> load(tool("echo", line)))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(e.tool()).isEqualTo("echo");
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.reason()).startsWith(reason);
                })
                .hasMessageStartingWith("catalog tool 'echo': " + key + ": " + reason);
    }

    @Test
    void theIssueExampleReadsAsDocumented() {
        assertThatThrownBy(() -> load(tool("echo", "timeout: 5x")))
                .hasMessageStartingWith("catalog tool 'echo': timeout: \"5x\": not a duration: write a whole number and a unit")
                .hasMessageContaining("tool=echo, key=timeout");
    }

    @Test
    void aMissingImageOrCommandIsRequired() throws IOException {
        String noImage = "tools:\n  echo:\n    command: [\"true\"]\n    arguments-schema: echo.json\n";
        String noCommand = "tools:\n  echo:\n    image: sandstage/tools:latest\n    arguments-schema: echo.json\n";

        assertThatThrownBy(() -> load(noImage)).hasMessageStartingWith("catalog tool 'echo': image: is required");
        assertThatThrownBy(() -> load(noCommand)).hasMessageStartingWith("catalog tool 'echo': command: is required");
    }

    @Test
    void aMissingSchemaFileIsNamedWithItsPath() {
        String yaml = tool("echo", "").replace("echo.json", "nowhere/echo.json");

        assertThatThrownBy(() -> load(yaml)).hasMessageStartingWith(
                "catalog tool 'echo': arguments-schema: schema file nowhere/echo.json not found");
    }

    @Test
    void aSchemaFileThatIsNotJsonIsRejected() throws IOException {
        Files.writeString(dir.resolve("echo.json"), "{not json");

        assertThatThrownBy(() -> loadOnly(tool("echo", ""))).hasMessageStartingWith(
                "catalog tool 'echo': arguments-schema: schema file echo.json is not valid JSON");
    }

    @Test
    void aSchemaThatBreaksTheMetaSchemaIsRejected() throws IOException {
        Files.writeString(dir.resolve("echo.json"), "{\"type\": \"sandwich\", \"minLength\": -1}");

        assertThatThrownBy(() -> loadOnly(tool("echo", ""))).hasMessageStartingWith(
                "catalog tool 'echo': arguments-schema: schema file echo.json is not a valid JSON Schema (draft 2020-12)");
    }

    @Test
    void aToolDefinedTwiceIsNamed() {
        String yaml = tool("echo", "") + "  echo:\n    image: x\n";

        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.tool()).isEqualTo("echo"))
                .hasMessageStartingWith("catalog tool 'echo': tools: tool defined twice");
    }

    @Test
    void aKeyRepeatedInsideAToolIsNamed() {
        assertThatThrownBy(() -> load(tool("echo", "timeout: 5s\n    timeout: 6s")))
                .hasMessageStartingWith("catalog tool 'echo': timeout: key defined twice");
    }

    @Test
    void anUnknownTopLevelKeyOrAnEmptyCatalogIsRejected() {
        assertThatThrownBy(() -> load("toolz: {}\n")).hasMessageStartingWith("catalog: toolz: unknown key");
        assertThatThrownBy(() -> load("tools: {}\n"))
                .hasMessageStartingWith("catalog: tools: must map at least one tool name to its entry");
        assertThatThrownBy(() -> load("tools: [\n")).hasMessageStartingWith("catalog: tools: not valid YAML");
    }

    @Test
    void aBadPoolDefaultNamesThePoolKey() {
        String yaml = "pool:\n  idle-ttl: soon\n" + tool("echo", "");

        assertThatThrownBy(() -> load(yaml))
                .hasMessageStartingWith("catalog: pool.idle-ttl: \"soon\": not a duration");
    }

    @Test
    void aToolNameWithSpacesIsRejected() {
        assertThatThrownBy(() -> load(tool("rm -rf", ""))).hasMessageStartingWith("catalog tool 'rm -rf': tools:");
    }

    @Test
    void aClassTakesTheLargestPoolWishOfItsTools() throws IOException {
        String yaml = tool("echo", "min-idle: 2") + entry("echo2", "max: 7");

        ToolCatalog catalog = load(yaml);

        assertThat(catalog.sandboxClasses()).singleElement().satisfies(c -> {
            assertThat(c.minIdle()).isEqualTo(2);
            assertThat(c.max()).isEqualTo(7);
        });
    }

    @Test
    void toolsOnDifferentRuntimesGetDifferentClasses() throws IOException {
        ToolCatalog catalog = load(tool("echo", "") + entry("echo_gvisor", "runtime: runsc"));

        assertThat(catalog.sandboxClasses()).hasSize(2).extracting(c -> c.runtime()).containsExactly("runc", "runsc");
        assertThat(catalog.find("echo_gvisor").orElseThrow().className()).contains("-runsc-");
    }

    private static String tool(String name, String extra) {
        return "tools:\n" + entry(name, extra);
    }

    /** A valid entry plus {@code extra}, which replaces the entry's command when it sets one. */
    private static String entry(String name, String extra) {
        String command = extra.startsWith("command:") ? "" : "    command: [\"python3\", \"/opt/tools/echo.py\"]\n";
        return "  " + name + ":\n"
                + "    image: sandstage/tools:latest\n"
                + command
                + "    arguments-schema: echo.json\n"
                + (extra.isEmpty() ? "" : "    " + extra + "\n");
    }

    private ToolCatalog load(String yaml) throws IOException {
        Files.writeString(dir.resolve("echo.json"), SCHEMA);
        return loadOnly(yaml);
    }

    private ToolCatalog loadOnly(String yaml) throws IOException {
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, yaml);
        return ToolCatalog.load(file);
    }
}
