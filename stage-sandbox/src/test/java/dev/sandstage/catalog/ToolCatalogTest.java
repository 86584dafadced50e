package dev.sandstage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.pool.SandboxClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolCatalog DEFAULT = ToolCatalog.loadDefault();

    @Test
    void theDefaultCatalogHasTheSevenShippedToolsTheSessionToolsOnTheInterpreterImage() {
        assertThat(DEFAULT.tools()).extracting(ToolDefinition::name).containsExactly("echo", "describe_instance",
                "write_file", "read_file", "list_dir", "run_python", "run_shell");
        assertThat(DEFAULT.tools()).allSatisfy(t -> {
            assertThat(t.image()).isEqualTo(t.isolation() == Isolation.SESSION ? ToolsImage.INTERPRETER_LATEST
                    : ToolsImage.LATEST);
            // echo's schema admits only {"message": ...}, so echoing the arguments back is cat.
            assertThat(t.command()).containsExactly(t.name().equals("echo")
                    ? new String[] {"/opt/tools/echo"} : new String[] {"python3", "/opt/tools/" + t.name() + ".py"});
            assertThat(t.network()).isEqualTo(NetworkMode.NONE);
            assertThat(t.runtime()).isEqualTo("runc");
            assertThat(t.hardeningProfile()).isEqualTo("strict");
            assertThat(t.maxArgumentsBytes()).isEqualTo(64 * 1024);
        });
        assertThat(DEFAULT.source()).isEqualTo("classpath:dev/sandstage/catalog/default-catalog.yaml");
    }

    @Test
    void theDefaultCatalogReadsEveryKeyOfAnEntry() {
        ToolDefinition echo = DEFAULT.find("echo").orElseThrow();

        assertThat(echo.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(echo.memoryBytes()).isEqualTo(256L << 20);
        assertThat(echo.cpus()).isEqualTo(0.5);
        assertThat(echo.maxOutputBytes()).isEqualTo(64 * 1024);
        assertThat(echo.idempotent()).isTrue();
        assertThat(echo.isolation()).isEqualTo(Isolation.CALL);
        assertThat(echo.minIdle()).isEqualTo(1);
        assertThat(echo.max()).isEqualTo(4);
    }

    @Test
    void onlyTheCodeRunningToolsAreNotIdempotentAndFileToolsKeepTheirSession() {
        assertThat(DEFAULT.tools()).filteredOn(t -> !t.idempotent()).extracting(ToolDefinition::name)
                .containsExactly("run_python", "run_shell");
        assertThat(DEFAULT.tools()).filteredOn(t -> t.isolation() == Isolation.SESSION)
                .extracting(ToolDefinition::name)
                .containsExactly("write_file", "read_file", "list_dir", "run_python", "run_shell");
    }

    @Test
    void anUnknownToolIsNotFound() {
        assertThat(DEFAULT.find("rm_rf")).isEmpty();
    }

    @Test
    void toolsWithTheSameImageRuntimeProfileAndLimitsShareOnePoolClassAndSessionToolsShareTheirs() {
        List<SandboxClass> classes = DEFAULT.sandboxClasses();

        assertThat(classes).hasSize(2);
        assertThat(classes.get(0).name()).startsWith("tools-latest-runc-");
        assertThat(classes.get(1).name()).startsWith("interpreter-latest-runc-");
        assertThat(DEFAULT.find("echo").orElseThrow().className())
                .isEqualTo(DEFAULT.find("describe_instance").orElseThrow().className())
                .isEqualTo(classes.get(0).name());
        assertThat(DEFAULT.tools()).filteredOn(t -> t.isolation() == Isolation.SESSION)
                .extracting(ToolDefinition::className).containsOnly(classes.get(1).name());
        SandboxClass small = classes.get(0);
        assertThat(small.image()).isEqualTo(ToolsImage.LATEST);
        assertThat(small.hardeningProfile()).isEqualTo("strict");
        assertThat(small.limits().cpus()).isEqualTo(0.5);
        assertThat(small.limits().memoryBytes()).isEqualTo(256L << 20);
        assertThat(small).extracting(SandboxClass::minIdle, SandboxClass::max, SandboxClass::maxUses,
                SandboxClass::idleTtl, SandboxClass::sessionIdleTimeout)
                .containsExactly(1, 4, 10000, Duration.ofMinutes(10), Duration.ofMinutes(5));
        SandboxClass interpreter = classes.get(1);
        assertThat(interpreter.image()).isEqualTo(ToolsImage.INTERPRETER_LATEST);
        assertThat(interpreter.hardeningProfile()).isEqualTo("strict");
        assertThat(interpreter.limits()).extracting(l -> l.memoryBytes(), l -> l.cpus(), l -> l.pids())
                .containsExactly(512L << 20, 1.0, 128);
    }

    @Test
    void classNamesAreTheSameOnEveryLoad() {
        assertThat(ToolCatalog.loadDefault().sandboxClasses()).extracting(SandboxClass::name)
                .isEqualTo(DEFAULT.sandboxClasses().stream().map(SandboxClass::name).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            echo              | {"message": "hello"}
            describe_instance | {"instance_id": "i-0abc1234"}
            write_file        | {"path": "notes/a.txt", "content": "hi"}
            read_file         | {"path": "notes/a.txt"}
            list_dir          | {}
            list_dir          | {"path": "notes"}
            run_python        | {"code": "print(1)", "timeout_seconds": 2}
            run_shell         | {"script": "echo hi"}
            """)
    void validArgumentsPassTheToolsSchema(String tool, String arguments) throws Exception {
        assertThat(validate(tool, arguments)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            echo              | {}                                   | $: required property 'message' not found
            echo              | {"message": 5}                       | $.message: integer found, string expected
            echo              | {"message": "a", "x": 1}             | $: property 'x' is not defined in the schema and the schema does not allow additional properties
            describe_instance | {"instance_id": "vm-1"}              | $.instance_id: does not match the regex pattern ^i-[0-9a-f]{4,17}$
            write_file        | {"path": "", "content": "x"}         | $.path: must be at least 1 characters long
            read_file         | []                                   | $: array found, object expected
            list_dir          | {"path": 3}                          | $.path: integer found, string expected
            run_python        | {"code": "1", "timeout_seconds": 99} | $.timeout_seconds: must have a maximum value of 25
            run_shell         | {"scrpt": "ls"}                      | $: required property 'script' not found
            """)
    void invalidArgumentsAreReportedWithTheirJsonPath(String tool, String arguments, String message)
            throws Exception {
        assertThat(validate(tool, arguments)).contains(message);
    }

    private static List<String> validate(String tool, String arguments) throws Exception {
        JsonNode node = JSON.readTree(arguments);
        return DEFAULT.find(tool).orElseThrow().validateArguments(node);
    }
}
