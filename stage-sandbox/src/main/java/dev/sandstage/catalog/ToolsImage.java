package dev.sandstage.catalog;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.agent.internal.TarArchive;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.PythonImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the images the default catalog's tools run in, each the tool scripts and the static
 * {@code echo} program (built from {@code src/main/c/tools}) copied to {@value #TOOLS_DIR},
 * root-owned and mode 0755 (read-only to the sandbox user), on top of a Python runtime from
 * {@link PythonImages}:
 * <ul>
 *   <li>{@value #REPOSITORY} ({@link #ToolsImage(DockerClient)}): on {@code sandstage/python},
 *       Debian's full standard library;</li>
 *   <li>{@value #INTERPRETER_REPOSITORY} ({@link #interpreter}): on {@code sandstage/pydata}, with
 *       numpy, pandas, matplotlib and requests, for {@code run_python} and the session tools that
 *       share its workspace. ({@code run_python.py} gives its child {@code MPLBACKEND=Agg} and
 *       {@code MPLCONFIGDIR=/tmp/matplotlib}: tools get no environment from the image, and the
 *       root file system is read-only.)</li>
 * </ul>
 * Built through the Docker API from an in-memory context, never pulling, with no {@code RUN}
 * step. Tagged {@code <repository>:<hash>} (hash of those files, the Dockerfile and the runtime
 * image's id) and {@code :latest}, so each is rebuilt exactly when one of them changes. The
 * runtime images come from {@code prepare}; on a host prepared before they existed, the first
 * {@link #ensure} builds them (needs the host's apt, see {@link PythonImages}).
 *
 * <p>Called by the stage's start ({@link #ensureUsed}, for the images its catalog names), the
 * interpreter benchmark and tests, on the calling thread; {@link #ensure} blocks for the build
 * and is serialised across instances.
 */
public final class ToolsImage {

    public static final String REPOSITORY = "sandstage/tools";
    /** The tag the default catalog refers to. */
    public static final String LATEST = REPOSITORY + ":latest";
    public static final String TOOLS_DIR = "/opt/tools";
    public static final String LABEL_TOOLS_SHA256 = "dev.sandstage.tools.sha256";
    public static final String LABEL_BASE_IMAGE_ID = "dev.sandstage.tools.base-image-id";
    public static final String INTERPRETER_REPOSITORY = "sandstage/interpreter";
    /** The tag the default catalog's code tools refer to. */
    public static final String INTERPRETER_LATEST = INTERPRETER_REPOSITORY + ":latest";
    /** The tools' files, under {@value #RESOURCE_DIR} on the classpath. */
    public static final List<String> FILES = List.of("echo", "toolkit.py",
            "describe_instance.py", "write_file.py", "read_file.py", "list_dir.py", "run_python.py",
            "run_shell.py");

    static final String RESOURCE_DIR = "dev/sandstage/catalog/tools/";
    private static final Logger LOG = LoggerFactory.getLogger(ToolsImage.class);
    private static final long BUILD_TIMEOUT_SECONDS = 300;

    private final DockerClient docker;
    private final String repository;
    private final Supplier<String> runtime;

    /** The tools image, on {@code sandstage/python} built from {@link BaseImage#NAME}. */
    public ToolsImage(DockerClient docker) {
        this(docker, REPOSITORY, new PythonImages(docker, LOG::info)::python);
    }

    private ToolsImage(DockerClient docker, String repository, Supplier<String> runtime) {
        this.docker = docker;
        this.repository = repository;
        this.runtime = runtime;
    }

    /** The code-interpreter image, on {@code sandstage/pydata}. */
    public static ToolsImage interpreter(DockerClient docker) {
        return new ToolsImage(docker, INTERPRETER_REPOSITORY, new PythonImages(docker, LOG::info)::pydata);
    }

    /**
     * Ensures the images among {@code images} that this class builds ({@value #LATEST},
     * {@value #INTERPRETER_LATEST}); other names are left to their owner.
     */
    public static void ensureUsed(DockerClient docker, Collection<String> images) {
        if (images.contains(LATEST)) {
            new ToolsImage(docker).ensure();
        }
        if (images.contains(INTERPRETER_LATEST)) {
            interpreter(docker).ensure();
        }
    }

    /**
     * Makes sure the image for the current tool files and runtime image exists and that
     * {@code <repository>:latest} points at it; returns its content tag, e.g.
     * {@code sandstage/tools:3f2a...}.
     */
    public String ensure() {
        synchronized (ToolsImage.class) {
            return ensureLocked();
        }
    }

    private String ensureLocked() {
        String baseImage = runtime.get();
        String baseId = imageId(baseImage);
        if (baseId == null) {
            throw new SandstageFatalException("runtime image not found (it is never pulled; run prepare)",
                    Map.of("image", baseImage));
        }
        Map<String, byte[]> files = files();
        String toolsSha = contentSha256(files);
        String dockerfile = dockerfile(baseImage);
        String tag = repository + ":" + sha256Hex((toolsSha + "\n" + baseId + "\n" + dockerfile)
                .getBytes(StandardCharsets.UTF_8)).substring(0, 24);
        String id = imageId(tag);
        if (id == null) {
            LOG.info("building {} from {} ({})", tag, baseImage, baseId);
            TarArchive context = new TarArchive()
                    .add("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), 0644);
            files.forEach((name, bytes) -> context.add("tools/" + name, bytes, 0755));
            id = docker.buildImageCmd(new ByteArrayInputStream(context.finish()))
                    .withPull(false)
                    .withTags(Set.of(tag))
                    .withLabels(Map.of(LABEL_TOOLS_SHA256, toolsSha, LABEL_BASE_IMAGE_ID, baseId))
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("built {} as {}", tag, id);
        }
        if (!id.equals(imageId(repository + ":latest"))) {
            docker.tagImageCmd(id, repository, "latest").withForce().exec();
        }
        return tag;
    }

    /** The tools' files by name, read from the classpath. */
    public static Map<String, byte[]> files() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : FILES) {
            try (InputStream in = ToolsImage.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new SandstageFatalException("tool file missing from the classpath",
                            Map.of("resource", RESOURCE_DIR + name));
                }
                out.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new SandstageFatalException("tool file cannot be read", Map.of("resource", name), e);
            }
        }
        return out;
    }

    static String dockerfile(String baseImage) {
        // COPY keeps the archive's 0755 and makes root the owner: the sandbox user can run, not change, them.
        return "FROM " + baseImage + "\n"
                + "COPY tools/ " + TOOLS_DIR + "/\n"

                + "LABEL dev.sandstage.tools.dir=\"" + TOOLS_DIR + "\"\n";
    }

    private static String contentSha256(Map<String, byte[]> files) {
        StringBuilder sb = new StringBuilder();
        files.forEach((name, bytes) -> sb.append(name).append(' ').append(sha256Hex(bytes)).append('\n'));
        return sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String imageId(String tag) {
        try {
            return docker.inspectImageCmd(tag).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }
}
