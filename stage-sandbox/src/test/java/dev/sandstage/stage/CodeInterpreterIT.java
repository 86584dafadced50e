package dev.sandstage.stage;

import static dev.sandstage.stage.StageFixture.echo;
import static dev.sandstage.stage.StageFixture.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.sandstage.catalog.ToolsImage;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.host.DockerClients;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The code interpreter through the stage (issue 9 item 2), under runc and runsc: {@code run_python}
 * computes with numpy and pandas, keeps data in sqlite3 and saves a matplotlib PNG into the
 * session's workspace, which {@code list_dir} and {@code read_file} of the same session then see;
 * and the plain tools image has the full standard library. The catalog names the images by the
 * content tags {@link ToolsImage#ensure} returns, so tests elsewhere that move {@code :latest}
 * cannot change what runs here.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CodeInterpreterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 3 x 2 inches at 50 dpi. */
    private static final int PNG_WIDTH = 150;
    private static final int PNG_HEIGHT = 100;
    private static final String PLOT = """
            import json, os, sqlite3, ssl, ctypes
            import numpy as np, pandas as pd
            import matplotlib, matplotlib.pyplot as plt
            df = pd.DataFrame({'x': np.arange(1, 11)})
            df['y'] = df.x ** 2
            db = sqlite3.connect(':memory:')
            db.execute('create table t (v integer)')
            db.executemany('insert into t values (?)', [(int(v),) for v in df.y])
            os.makedirs('plots', exist_ok=True)
            fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
            ax.plot(df.x, df.y)
            fig.savefig('plots/squares.png')
            print(json.dumps({'sum': int(df.y.sum()), 'mean': float(np.mean(df.y.to_numpy())),
                              'sqlite': db.execute('select sum(v) from t').fetchone()[0],
                              'backend': matplotlib.get_backend(), 'ssl': ssl.OPENSSL_VERSION.split()[0]}))
            """;
    /** Also starts a thread: under runsc that needs clone3 left to gVisor (SeccompProfile). */
    private static final String STDLIB = """
            import json, sqlite3, ssl, ctypes, decimal, zoneinfo, threading
            box = []
            worker = threading.Thread(target=lambda: box.append(sqlite3.sqlite_version))
            worker.start()
            worker.join()
            print(json.dumps({'sqlite': box[0], 'ssl': ssl.OPENSSL_VERSION.split()[0]}))
            """;

    private static Path dir;
    private static StageFixture fixture;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startStage(KafkaTestBroker broker) throws Exception {
        String tools;
        String interpreter;
        try (DockerClient docker = DockerClients.connect()) {
            tools = new ToolsImage(docker).ensure();
            interpreter = ToolsImage.interpreter(docker).ensure();
        }
        dir = Files.createTempDirectory("code-interpreter-it");
        StringBuilder entries = new StringBuilder();
        for (String runtime : List.of("runc", "runsc")) {
            for (String tool : List.of("run_python", "read_file", "list_dir")) {
                entries.append(entry(tool + "_" + runtime, interpreter, tool, runtime));
            }
            entries.append(entry("stdlib_" + runtime, tools, "run_python", runtime));
        }
        Path catalog = TestCatalog.write(dir.resolve("catalog"), entries.toString(), Map.of(
                "run_python.json", schema("run_python.json"), "read_file.json", schema("read_file.json"),
                "list_dir.json", schema("list_dir.json")));
        fixture = new StageFixture(broker, dir, Map.of("catalog.path", catalog.toString(), "pool.global-max", "8"));
    }

    @AfterAll
    static void stopStage() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        StageFixture.deleteQuietly(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc", "runsc"})
    void runPythonPlotsWithPandasIntoTheWorkspaceWhereTheSessionsFileToolsSeeThePng(String runtime)
            throws Exception {
        String session = run + "-" + runtime;
        ToolCallDecision plot = decision("plot", session, "run_python_" + runtime,
                JSON.writeValueAsString(Map.of("code", PLOT)));
        ToolCallDecision list = decision("list", session, "list_dir_" + runtime, "{\"path\": \"plots\"}");
        ToolCallDecision read = decision("read", session, "read_file_" + runtime,
                "{\"path\": \"plots/squares.png\", \"encoding\": \"base64\"}");
        List.of(plot, list, read).forEach(d -> fixture.send(signed(d)));

        Map<String, JsonNode> out = outputs(session, 3);

        assertThat(out.get(plot.getDecisionId()).get("exit_code").asInt()).as("%s", out).isZero();
        JsonNode printed = JSON.readTree(out.get(plot.getDecisionId()).get("stdout").asText());
        assertThat(printed.get("sum").asInt()).isEqualTo(385);
        assertThat(printed.get("mean").asDouble()).isEqualTo(38.5);
        assertThat(printed.get("sqlite").asInt()).isEqualTo(385);
        assertThat(printed.get("backend").asText()).isEqualToIgnoringCase("agg");
        assertThat(printed.get("ssl").asText()).isEqualTo("OpenSSL");
        JsonNode entry = out.get(list.getDecisionId()).get("entries").get(0);
        assertThat(entry.get("name").asText()).isEqualTo("squares.png");
        assertThat(entry.get("type").asText()).isEqualTo("file");
        byte[] png = Base64.getDecoder().decode(out.get(read.getDecisionId()).get("content").asText());
        assertThat(out.get(read.getDecisionId()).get("truncated").asBoolean()).isFalse();
        assertThat(entry.get("size").asLong()).isEqualTo(png.length);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        ByteBuffer header = ByteBuffer.wrap(png, 12, 12);
        assertThat(new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        header.getInt();
        assertThat(List.of(header.getInt(), header.getInt())).containsExactly(PNG_WIDTH, PNG_HEIGHT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc", "runsc"})
    void theToolsImageHasTheFullStandardLibraryAndThreads(String runtime) throws Exception {
        String session = run + "-stdlib-" + runtime;
        ToolCallDecision stdlib = decision("stdlib", session, "stdlib_" + runtime,
                JSON.writeValueAsString(Map.of("code", STDLIB)));
        fixture.send(signed(stdlib));

        JsonNode out = outputs(session, 1).get(stdlib.getDecisionId());

        assertThat(out.get("exit_code").asInt()).as("%s", out).isZero();
        JsonNode printed = JSON.readTree(out.get("stdout").asText());
        assertThat(printed.get("sqlite").asText()).startsWith("3.");
        assertThat(printed.get("ssl").asText()).isEqualTo("OpenSSL");
    }

    /** The tools' JSON outputs of {@code session}'s first {@code count} results, by decision id, all SUCCEEDED. */
    private static Map<String, JsonNode> outputs(String session, int count) throws IOException {
        List<ToolResult> results = fixture.results(rs -> rs.stream()
                .filter(r -> r.getSessionId().equals(session)).count() >= count).stream()
                .filter(r -> r.getSessionId().equals(session)).toList();
        assertThat(results).as("%s", results)
                .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (ToolResult r : results) {
            out.put(r.getDecisionId(), JSON.readTree(r.getStdoutJson()));
        }
        return out;
    }

    private ToolCallDecision decision(String name, String session, String tool, String arguments) {
        ToolCallDecision d = echo(run + "-" + name + "-" + session, session, "unused");
        d.setTool(tool);
        d.setArgumentsJson(arguments);
        return d;
    }

    private static String entry(String name, String image, String tool, String runtime) {
        return """
                  %s:
                    image: %s
                    command: ["python3", "/opt/tools/%s.py"]
                    arguments-schema: schemas/%s.json
                    timeout: 60s
                    memory: 512Mi
                    cpus: 1
                    pids: 128
                    max-output: 64KiB
                    network: none
                    idempotent: true
                    isolation: session
                    runtime: %s
                    min-idle: 0
                """.formatted(name, image, tool, tool, runtime);
    }

    private static String schema(String name) throws IOException {
        try (InputStream in = CodeInterpreterIT.class.getResourceAsStream("/dev/sandstage/catalog/schemas/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
