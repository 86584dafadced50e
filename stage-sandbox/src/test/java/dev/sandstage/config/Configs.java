package dev.sandstage.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Test helper: loads a configuration from YAML text and an environment map. */
final class Configs {

    private Configs() {}

    static StageConfig load(Path dir, String yaml, Map<String, String> env) {
        return StageConfigLoader.load(Optional.of(write(dir, yaml)), env);
    }

    static Path write(Path dir, String yaml) {
        try {
            return Files.writeString(dir.resolve("sandstage.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigException failure(Path dir, String yaml, Map<String, String> env) {
        try {
            load(dir, yaml, env);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("configuration was accepted: " + yaml + " " + env);
    }
}
