package dev.sandstage.image;

import dev.sandstage.broker.internal.BrokerClasspath;
import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the stage image's material comes from: {@code compose/Dockerfile} and
 * {@code compose/logback.xml} of the checkout, the jars the connectors build copies to
 * {@code connectors/target/lib} (the stage jar and its runtime dependencies, the same directory
 * the launcher runs the CLI from), and a work directory for the jlink runtime and the build
 * context's tar.
 *
 * <p>Immutable; any thread.
 */
public record StageImageSources(Path dockerfile, Path logbackConfig, Path libDir, Path workDir) {

    public StageImageSources {
        dockerfile = dockerfile.toAbsolutePath().normalize();
        logbackConfig = logbackConfig.toAbsolutePath().normalize();
        libDir = libDir.toAbsolutePath().normalize();
        workDir = workDir.toAbsolutePath().normalize();
    }

    /**
     * The sources of the checkout at {@code repoRoot}.
     *
     * @throws SandstageFatalException naming what is missing (the jars: build them first)
     */
    public static StageImageSources ofCheckout(Path repoRoot, Path workDir) {
        StageImageSources sources = new StageImageSources(repoRoot.resolve("compose/Dockerfile"),
                repoRoot.resolve("compose/logback.xml"), repoRoot.resolve("connectors/target/lib"), workDir);
        sources.requirePresent();
        return sources;
    }

    /**
     * The checkout this code runs from: the launcher's {@code sandstage.repo.root} property, else
     * the directory above {@code connectors/target} where this class was loaded from.
     */
    public static StageImageSources ofRunningCheckout(Path workDir) {
        String property = System.getProperty(BrokerClasspath.REPO_ROOT_PROPERTY);
        Path root = property != null ? Path.of(property) : codeLocation().orElseThrow(() ->
                new SandstageFatalException("cannot tell where the checkout is; run through ./sandstage",
                        Map.of("property", BrokerClasspath.REPO_ROOT_PROPERTY)));
        return ofCheckout(root, workDir);
    }

    /** The jars to ship, sorted by file name. */
    public List<Path> jars() {
        try (Stream<Path> files = Files.list(libDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + libDir, e);
        }
    }

    private void requirePresent() {
        Map<String, Object> missing = new LinkedHashMap<>();
        if (!Files.isRegularFile(dockerfile)) {
            missing.put("dockerfile", dockerfile);
        }
        if (!Files.isRegularFile(logbackConfig)) {
            missing.put("logback", logbackConfig);
        }
        if (!Files.isDirectory(libDir) || jars().stream().noneMatch(p -> p.getFileName().toString()
                .startsWith("sandstage-stage-"))) {
            missing.put("jars", libDir);
        }
        if (!missing.isEmpty()) {
            throw new SandstageFatalException("the stage image's sources are missing (build the jars with"
                    + " ./sandstage build)", missing);
        }
    }

    private static Optional<Path> codeLocation() {
        try {
            Path code = Path.of(StageImageSources.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // connectors/target/classes or connectors/target/sandstage-connectors.jar
            return Optional.ofNullable(code.getParent()).map(Path::getParent).map(Path::getParent);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
