package dev.sandstage.broker.internal;

import dev.sandstage.error.SandstageFatalException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the directories whose jars make up the broker's classpath: {@code target/lib} (Kafka
 * clients, SLF4J, Logback: shared with the CLI) and {@code target/broker-lib} (the broker jars),
 * both produced by the connectors module's package phase.
 *
 * <p>They are looked up next to the code that is running (the CLI jar or {@code target/classes}
 * both live in {@code connectors/target}), then under the repository root that the launcher
 * passes as system property {@code sandstage.repo.root}. Stateless.
 */
public final class BrokerClasspath {

    public static final String REPO_ROOT_PROPERTY = "sandstage.repo.root";

    private BrokerClasspath() {}

    /** The two library directories, or a fatal error that says how to build them. */
    public static List<Path> locate() {
        Optional<Path> fromCode = codeLocation().map(Path::getParent).filter(BrokerClasspath::hasBrokerJars);
        if (fromCode.isPresent()) {
            return dirs(fromCode.get());
        }
        String root = System.getProperty(REPO_ROOT_PROPERTY);
        if (root != null) {
            Path target = Path.of(root, "connectors", "target");
            if (hasBrokerJars(target)) {
                return dirs(target);
            }
        }
        throw new SandstageFatalException(
                "the Kafka broker jars are missing; build them with ./sandstage build",
                Map.of("looked-in", codeLocation().map(Path::getParent).map(Path::toString).orElse("?")
                        + (root == null ? "" : ", " + root + "/connectors/target")));
    }

    /** The JVM classpath string for {@code java -cp}: every jar of each directory. */
    public static String classpathArgument(List<Path> dirs) {
        return String.join(java.io.File.pathSeparator, dirs.stream().map(d -> d.resolve("*").toString()).toList());
    }

    private static List<Path> dirs(Path target) {
        return List.of(target.resolve("lib"), target.resolve("broker-lib"));
    }

    private static boolean hasBrokerJars(Path target) {
        if (!Files.isDirectory(target.resolve("lib")) || !Files.isDirectory(target.resolve("broker-lib"))) {
            return false;
        }
        try (var jars = Files.list(target.resolve("broker-lib"))) {
            return jars.anyMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = BrokerClasspath.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
