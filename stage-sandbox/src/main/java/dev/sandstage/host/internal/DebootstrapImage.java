package dev.sandstage.host.internal;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.BaseImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds {@link BaseImage#NAME} without any registry: {@code debootstrap --variant=minbase} of
 * Debian bookworm plus {@code python3-minimal} into a directory, apt caches removed, then the
 * directory's tar is imported through the engine's {@code POST /images/create?fromSrc=-} with
 * a CMD, an ENV and a label naming the recipe. Needs root (debootstrap chroots and mknods).
 *
 * <p>Blocks the calling thread (the CLI's main thread) for the whole build, about a minute.
 */
public final class DebootstrapImage {

    private final DockerHttpClient http;
    private final String mirror;
    private final String repository;
    private final String tag;

    /** Builds {@link BaseImage#NAME}. */
    public DebootstrapImage(DockerHttpClient http, String mirror) {
        this(http, mirror, BaseImage.REPOSITORY, BaseImage.TAG);
    }

    /** Builds the same image under another name, so it can be tried without replacing the real one. */
    public DebootstrapImage(DockerHttpClient http, String mirror, String repository, String tag) {
        this.http = http;
        this.mirror = mirror;
        this.repository = repository;
        this.tag = tag;
    }

    /** The label value: how the image was made. */
    public String recipe() {
        return "debootstrap --variant=minbase --include=" + BaseImage.EXTRA_PACKAGES + " " + BaseImage.SUITE
                + " " + mirror + "; apt caches removed; docker import by sandstage prepare";
    }

    /** Builds the image, using {@code workDir} (emptied first, removed after) for the root file system. */
    public void build(Path workDir, Consumer<String> out) {
        removeTree(workDir, out);
        List<String> debootstrap = List.of("debootstrap", "--variant=minbase", "--include=" + BaseImage.EXTRA_PACKAGES,
                BaseImage.SUITE, workDir.toString(), mirror);
        int exit = Processes.stream("base", debootstrap, Map.of(), out);
        if (exit != 0) {
            throw new SandstageFatalException("debootstrap failed (see its output above)",
                    Map.of("exit", exit, "mirror", mirror, "dir", workDir));
        }
        try {
            cleanAptCaches(workDir);
            out.accept("[base] importing " + workDir + " as " + repository + ":" + tag);
            importTar(workDir);
        } finally {
            removeTree(workDir, out);
        }
    }

    /** Package lists and downloaded .debs are dead weight in every container. */
    private static void cleanAptCaches(Path root) {
        for (String dir : List.of("var/lib/apt/lists", "var/cache/apt")) {
            Path start = root.resolve(dir);
            if (!Files.isDirectory(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("lock")).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new SandstageFatalException("cannot clean the base image's apt caches", Map.of("dir", start), e);
            }
        }
    }

    private void importTar(Path root) {
        Process tar;
        try {
            tar = new ProcessBuilder("tar", "--numeric-owner", "-C", root.toString(), "-c", ".")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new SandstageFatalException("cannot run tar", Map.of("dir", root), e);
        }
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/images/create?fromSrc=-"
                        + "&repo=" + encode(repository)
                        + "&tag=" + encode(tag)
                        + "&changes=" + encode("CMD [\"/bin/bash\"]")
                        + "&changes=" + encode("ENV LANG=C.UTF-8")
                        + "&changes=" + encode("LABEL " + BaseImage.RECIPE_LABEL + "=\"" + recipe() + "\""))
                .putHeader("Content-Type", "application/x-tar")
                .body(tar.getInputStream())
                .build();
        String answer;
        int status;
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            status = response.getStatusCode();
            answer = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            tar.destroyForcibly();
            throw new SandstageFatalException("docker import failed", Map.of("image", repository + ":" + tag), e);
        }
        // A tar that died half-way would leave a truncated image under the real name.
        int tarExit = waitFor(tar);
        if (tarExit != 0) {
            throw new SandstageFatalException("tar of the base image's root file system failed; remove the image "
                    + "and run prepare again", Map.of("image", repository + ":" + tag, "exit", tarExit));
        }
        if (status / 100 != 2 || answer.contains("\"error\"")) {
            throw new SandstageFatalException("docker import failed: " + answer.strip(),
                    Map.of("image", repository + ":" + tag, "status", status));
        }
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Removes a build directory without crossing into file systems mounted inside it. */
    private static void removeTree(Path dir, Consumer<String> out) {
        if (!Files.exists(dir)) {
            return;
        }
        Processes.Result rm = Processes.capture(List.of("rm", "-rf", "--one-file-system", dir.toString()))
                .orElseThrow(() -> new SandstageFatalException("cannot run rm", Map.of("dir", dir)));
        if (!rm.ok()) {
            out.accept("[base] could not remove " + dir + ": " + rm.firstLine());
        }
    }
}
