package dev.sandstage.catalog;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.agent.internal.TarArchive;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.BaseImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the image the default catalog's tools run in: {@code FROM sandstage/base:bookworm} with
 * the Python tool scripts and the static {@code echo} program (built from {@code src/main/c/tools})
 * copied to {@value #TOOLS_DIR}, root-owned and mode 0755 (read-only to the sandbox user). Built through the Docker API from an in-memory context, never pulling. Tagged
 * {@code sandstage/tools:<hash>} (hash of those files and the base image id) and
 * {@value #LATEST}, so it is rebuilt exactly when either changes.
 *
 * <p>Called by host preparation and by tests, on the calling thread; {@link #ensure} blocks for
 * the build and is synchronized.
 */
public final class ToolsImage {

    public static final String REPOSITORY = "sandstage/tools";
    /** The tag the default catalog refers to. */
    public static final String LATEST = REPOSITORY + ":latest";
    public static final String TOOLS_DIR = "/opt/tools";
    public static final String LABEL_TOOLS_SHA256 = "dev.sandstage.tools.sha256";
    public static final String LABEL_BASE_IMAGE_ID = "dev.sandstage.tools.base-image-id";
    /** The tools' files, under {@value #RESOURCE_DIR} on the classpath. */
    public static final List<String> FILES = List.of("echo", "sandjson.py", "toolkit.py",
            "describe_instance.py", "write_file.py", "read_file.py", "list_dir.py", "run_python.py",
            "run_shell.py");

    static final String RESOURCE_DIR = "dev/sandstage/catalog/tools/";
    private static final Logger LOG = LoggerFactory.getLogger(ToolsImage.class);
    private static final long BUILD_TIMEOUT_SECONDS = 300;

    private final DockerClient docker;
    private final String baseImage;

    public ToolsImage(DockerClient docker) {
        this(docker, BaseImage.NAME);
    }

    public ToolsImage(DockerClient docker, String baseImage) {
        this.docker = docker;
        this.baseImage = baseImage;
    }

    /**
     * Makes sure the tools image for the current tool files and base image exists and that
     * {@value #LATEST} points at it; returns its content tag, e.g. {@code sandstage/tools:3f2a...}.
     */
    public synchronized String ensure() {
        String baseId;
        try {
            baseId = docker.inspectImageCmd(baseImage).exec().getId();
        } catch (NotFoundException e) {
            throw new SandstageFatalException("base image not found (it is never pulled; run prepare)",
                    Map.of("image", baseImage), e);
        }
        Map<String, byte[]> files = files();
        String toolsSha = contentSha256(files);
        String tag = REPOSITORY + ":" + sha256Hex((toolsSha + "\n" + baseId)
                .getBytes(StandardCharsets.UTF_8)).substring(0, 24);
        String id = imageId(tag);
        if (id == null) {
            LOG.info("building {} from {} ({})", tag, baseImage, baseId);
            TarArchive context = new TarArchive()
                    .add("Dockerfile", dockerfile(baseImage).getBytes(StandardCharsets.UTF_8), 0644);
            files.forEach((name, bytes) -> context.add("tools/" + name, bytes, 0755));
            id = docker.buildImageCmd(new ByteArrayInputStream(context.finish()))
                    .withPull(false)
                    .withTags(Set.of(tag))
                    .withLabels(Map.of(LABEL_TOOLS_SHA256, toolsSha, LABEL_BASE_IMAGE_ID, baseId))
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("built {} as {}", tag, id);
        }
        if (!id.equals(imageId(LATEST))) {
            docker.tagImageCmd(id, REPOSITORY, "latest").withForce().exec();
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
