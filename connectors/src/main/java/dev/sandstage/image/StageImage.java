package dev.sandstage.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.BaseImage;
import dev.sandstage.image.internal.ContextTar;
import dev.sandstage.image.internal.ImageInputs;
import dev.sandstage.image.internal.JavaRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds the stage's own container image from {@code compose/Dockerfile}: the local base image,
 * a jlink'ed Java runtime, the stage's jars, its logging configuration. Tagged
 * {@code sandstage/stage:<first 24 hex of the inputs' SHA-256>} and {@value #LATEST}; when the
 * tag for the current inputs exists nothing is built (only {@value #LATEST} is moved to it).
 * The runtime is linked once per inputs into the work directory and reused, e.g. by
 * StageContainerIT, which builds the same context with Testcontainers.
 *
 * <p>Used by {@code ./sandstage image} and the ITs, on the calling thread; every method blocks
 * (hashing, jdeps, jlink, the build through the Docker API). Not thread-safe.
 */
public final class StageImage {

    public static final String REPOSITORY = "sandstage/stage";
    /** The tag docker-compose.yml runs. */
    public static final String LATEST = REPOSITORY + ":latest";
    /** The uid (and gid) the stage runs as in the image (the Dockerfile's USER). */
    public static final int USER_ID = 10001;
    /** Where the image keeps its state directory ({@code SANDSTAGE_HOME}), a volume. */
    public static final String STATE_DIR = "/var/lib/sandstage";
    /** Where the image expects the verification keys ({@code SANDSTAGE_VERIFY_KEYS_DIR}). */
    public static final String KEYS_DIR = "/etc/sandstage/keys";
    public static final String LABEL_INPUTS_SHA256 = "dev.sandstage.stage.inputs-sha256";

    /** Bumped when this class changes what it puts into the context. */
    private static final String RECIPE = "1";
    private static final long BUILD_TIMEOUT_MINUTES = 10;
    private static final String STATE_README = "The state directory of a Sandstage stage (SANDSTAGE_HOME).\n";

    /** The Dockerfile's build argument that carries the inputs' hash into {@link #LABEL_INPUTS_SHA256}. */
    public static final String INPUTS_ARG = "INPUTS_SHA256";

    /**
     * A build context: the image's tag, its files (context path to source on disk) and the build
     * arguments to pass.
     */
    public record Context(String tag, Map<String, Path> files) {

        /** The inputs' hash, the part of the tag after the colon. */
        public String inputsSha256() {
            return tag.substring(tag.indexOf(':') + 1);
        }

        public Map<String, String> buildArgs() {
            return Map.of(INPUTS_ARG, inputsSha256());
        }
    }

    private final DockerClient docker;
    private final StageImageSources sources;
    private final Consumer<String> progress;

    public StageImage(DockerClient docker, StageImageSources sources, Consumer<String> progress) {
        this.docker = docker;
        this.sources = sources;
        this.progress = progress;
    }

    /** Makes sure the image for the current inputs exists and {@value #LATEST} names it; returns its tag. */
    public String ensure() {
        Map<String, Path> inputs = inputs();
        String tag = tagFor(inputs);
        String id = imageId(tag);
        if (id != null) {
            progress.accept(tag + " exists for these jars, base image and JDK; nothing to build");
        } else {
            Context context = withRuntime(tag, inputs);
            id = build(context);
        }
        if (!id.equals(imageId(LATEST))) {
            docker.tagImageCmd(id, REPOSITORY, "latest").withForce().exec();
        }
        progress.accept(LATEST + " is " + tag + " (" + id + ")");
        return tag;
    }

    /**
     * The build context for the current inputs, linking the runtime when the work directory does
     * not hold it yet; for builders other than {@link #ensure} (Testcontainers).
     */
    public Context context() {
        Map<String, Path> inputs = inputs();
        return withRuntime(tagFor(inputs), inputs);
    }

    private Map<String, Path> inputs() {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("Dockerfile", sources.dockerfile());
        files.put("logback.xml", sources.logbackConfig());
        files.put("state/README", stateReadme());
        sources.jars().forEach(jar -> files.put("lib/" + jar.getFileName(), jar));
        return files;
    }

    private String tagFor(Map<String, Path> inputs) {
        String baseId;
        try {
            baseId = docker.inspectImageCmd(BaseImage.NAME).exec().getId();
        } catch (NotFoundException e) {
            throw new SandstageFatalException("base image not found (it is never pulled; run ./sandstage prepare)",
                    Map.of("image", BaseImage.NAME), e);
        }
        try {
            return REPOSITORY + ":" + ImageInputs.sha256(inputs, baseId, JavaRuntime.jdkIdentity(), RECIPE)
                    .substring(0, 24);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stage image's inputs", e);
        }
    }

    private Context withRuntime(String tag, Map<String, Path> inputs) {
        Path runtime = sources.workDir().resolve("runtime-" + tag.substring(tag.indexOf(':') + 1));
        if (!Files.isExecutable(runtime.resolve("bin/java"))) {
            link(runtime);
        }
        Map<String, Path> files = new LinkedHashMap<>(inputs);
        files.put("runtime", runtime);
        return new Context(tag, Map.copyOf(files));
    }

    private void link(Path runtime) {
        progress.accept("finding the modules the jars need (jdeps)");
        Set<String> modules = JavaRuntime.modules(sources.jars());
        progress.accept("linking a Java " + Runtime.version().feature() + " runtime with " + String.join(",", modules)
                + " (jlink)");
        try {
            Files.createDirectories(sources.workDir());
            removeOldRuntimes();
            Path partial = runtime.resolveSibling(runtime.getFileName() + ".partial");
            deleteTree(partial);
            JavaRuntime.link(modules, partial);
            Files.move(partial, runtime, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link the runtime into " + runtime, e);
        }
    }

    private String build(Context context) {
        progress.accept("building " + context.tag() + " from " + sources.dockerfile() + " on " + BaseImage.NAME);
        Path tar = sources.workDir().resolve("context.tar");
        try {
            Map<String, Path> ordered = new LinkedHashMap<>();
            context.files().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> ordered.put(e.getKey(), e.getValue()));
            try (OutputStream out = Files.newOutputStream(tar)) {
                ContextTar.write(ordered, out);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                var build = docker.buildImageCmd(in)
                        .withPull(false)
                        .withTags(Set.of(context.tag()));
                context.buildArgs().forEach(build::withBuildArg);
                String id = build.exec(new ProgressCallback(progress))
                        .awaitImageId(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
                progress.accept("built " + context.tag() + " as " + id);
                return id;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context " + tar, e);
        } finally {
            try {
                Files.deleteIfExists(tar);
            } catch (IOException ignored) {
                // a leftover context.tar is overwritten by the next build
            }
        }
    }

    private Path stateReadme() {
        Path file = sources.workDir().resolve("state/README");
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file) || !STATE_README.equals(Files.readString(file, StandardCharsets.UTF_8))) {
                Files.writeString(file, STATE_README, StandardCharsets.UTF_8);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void removeOldRuntimes() throws IOException {
        try (Stream<Path> dirs = Files.list(sources.workDir())) {
            for (Path dir : dirs.filter(p -> p.getFileName().toString().startsWith("runtime-")).toList()) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private String imageId(String tag) {
        try {
            return docker.inspectImageCmd(tag).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Passes the engine's build output ("Step 3/9 : COPY lib/ ...") on, line by line. */
    private static final class ProgressCallback extends BuildImageResultCallback {
        private final Consumer<String> progress;

        ProgressCallback(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null && !item.getStream().isBlank()) {
                item.getStream().lines().filter(l -> !l.isBlank()).forEach(l -> progress.accept("  " + l.strip()));
            }
            super.onNext(item);
        }
    }
}
