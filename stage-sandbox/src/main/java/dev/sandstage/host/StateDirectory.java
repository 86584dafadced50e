package dev.sandstage.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The directory where Sandstage keeps its local state: the embedded broker's data, the dockerd
 * log when Sandstage started the engine, development keys. It is {@code $SANDSTAGE_HOME} when
 * set, otherwise {@code .sandstage} in the working directory (git-ignored).
 *
 * <p>Immutable; safe to share between threads.
 */
public record StateDirectory(Path root) {

    /** Environment variable that overrides the default location. */
    public static final String ENV = "SANDSTAGE_HOME";

    public StateDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** Resolves the state directory from the process environment and working directory. */
    public static StateDirectory fromEnvironment() {
        return from(System.getenv(), Path.of(""));
    }

    /** Resolves the state directory from the given environment, relative to {@code workingDir}. */
    public static StateDirectory from(Map<String, String> env, Path workingDir) {
        String home = env.get(ENV);
        if (home != null && !home.isBlank()) {
            return new StateDirectory(workingDir.resolve(home));
        }
        return new StateDirectory(workingDir.resolve(".sandstage"));
    }

    /** Returns {@code root/name}, creating it (and its parents) when missing. */
    public Path subdirectory(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + dir, e);
        }
        return dir;
    }
}
