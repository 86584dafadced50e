package dev.sandstage.stage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A tool catalog file written by a test: a copy of the default catalog's {@code echo} entry (and
 * its schema) plus the test's own tools, each with its arguments schema next to the catalog.
 * The stage reads it through {@code catalog.path}. Test thread only.
 */
final class TestCatalog {

    /** The default catalog's {@code echo}, copied: idempotent, fast, runc. */
    static final String ECHO = """
              echo:
                image: sandstage/tools:latest
                command: ["/opt/tools/echo"]
                arguments-schema: schemas/echo.json
                timeout: 5s
                memory: 256Mi
                cpus: 0.5
                max-output: 64KiB
                network: none
                idempotent: true
                isolation: call
            """;

    private TestCatalog() {}

    /**
     * Writes {@code dir/catalog.yaml} with {@link #ECHO} and {@code tools} (YAML entries indented
     * under {@code tools:}), and {@code dir/schemas/<name>} for each of {@code schemas}.
     *
     * @return the catalog file, for {@code catalog.path}
     */
    static Path write(Path dir, String tools, Map<String, String> schemas) throws IOException {
        Path schemaDir = Files.createDirectories(dir.resolve("schemas"));
        try (InputStream echo = TestCatalog.class.getResourceAsStream("/dev/sandstage/catalog/schemas/echo.json")) {
            Files.write(schemaDir.resolve("echo.json"), echo.readAllBytes());
        }
        for (Map.Entry<String, String> schema : schemas.entrySet()) {
            Files.writeString(schemaDir.resolve(schema.getKey()), schema.getValue());
        }
        return Files.writeString(dir.resolve("catalog.yaml"), """
                pool:
                  min-idle: 1
                  max: 4
                  max-uses: 100
                  idle-ttl: 10m
                  session-idle-timeout: 5m
                tools:
                """ + ECHO + tools);
    }
}
