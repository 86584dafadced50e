package dev.sandstage.pool;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.agent.internal.TarArchive;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.DockerClients;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The state battery's tool image: the base image plus {@value #PROBE}, compiled here with
 * {@code gcc -static} from {@code src/test/c/state_probe.c} (the build needs gcc for the agent
 * anyway). A program in the image, because the strict profile cannot exec from {@code /workspace}
 * or {@code /tmp}. Tagged by the hash of the source and the base image's id, so it is built once
 * per change. Called from test classes' static set-up; synchronized.
 */
final class StateProbeImage {

    static final String PROBE = "/usr/local/bin/state-probe";
    private static final String REPOSITORY = "sandstage/test-state-probe";
    private static final Path SOURCE = Path.of(System.getProperty("basedir", "."), "src/test/c/state_probe.c");

    private StateProbeImage() {}

    /** The image's tag, building it when it does not exist yet. */
    static synchronized String ensure() {
        try (DockerClient docker = DockerClients.connect()) {
            byte[] source = Files.readAllBytes(SOURCE);
            String baseId = docker.inspectImageCmd(BaseImage.NAME).exec().getId();
            String tag = REPOSITORY + ":" + sha256Hex((sha256Hex(source) + "\n" + baseId)
                    .getBytes(StandardCharsets.UTF_8)).substring(0, 24);
            try {
                docker.inspectImageCmd(tag).exec();
                return tag;
            } catch (NotFoundException absent) {
                byte[] context = new TarArchive()
                        .add("Dockerfile", ("FROM " + BaseImage.NAME + "\nCOPY state-probe " + PROBE + "\n")
                                .getBytes(StandardCharsets.UTF_8), 0644)
                        .add("state-probe", compile(source), 0755)
                        .finish();
                docker.buildImageCmd(new ByteArrayInputStream(context)).withPull(false).withTags(Set.of(tag))
                        .exec(new BuildImageResultCallback()).awaitImageId(120, TimeUnit.SECONDS);
                return tag;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the state probe image from " + SOURCE, e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] compile(byte[] source) throws IOException {
        Path dir = Files.createTempDirectory("state-probe");
        try {
            Path src = Files.write(dir.resolve("state_probe.c"), source);
            Path out = dir.resolve("state-probe");
            Process gcc = new ProcessBuilder(List.of("gcc", "-static", "-O2", "-std=gnu11", "-Wall", "-Wextra",
                    "-Werror", "-o", out.toString(), src.toString())).redirectErrorStream(true).start();
            String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (gcc.waitFor() != 0) {
                throw new IllegalStateException("gcc failed on " + SOURCE + ":\n" + log);
            }
            return Files.readAllBytes(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + SOURCE, e);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
