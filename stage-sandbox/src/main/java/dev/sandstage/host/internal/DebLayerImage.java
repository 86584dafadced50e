package dev.sandstage.host.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.BaseImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An image that is another local image plus Debian packages, built without any network inside a
 * container and without touching the host's own dpkg state:
 * <ol>
 *   <li>the parent image's {@code /var/lib/dpkg/status} is copied out of a created (never started)
 *       container through the Docker API, which is then removed;</li>
 *   <li>the host's {@code apt-get --download-only} resolves the packages against that status file
 *       (its own lock and archive directories in a scratch directory), so it downloads exactly
 *       what the parent lacks, from the mirror the host already uses;</li>
 *   <li>the engine builds {@code FROM <parent>} with the {@code .deb}s in the build context and
 *       the build's network mode {@code none}: {@code apt-get install} of local files orders and
 *       configures them offline, then the files and apt's caches are removed.</li>
 * </ol>
 * The host must be Debian of the parent's release (bookworm), as {@code prepare} requires anyway;
 * a host of another release is refused rather than mixing releases. The tag is the first 24 hex
 * of a SHA-256 over the parent's image id, the package list and {@link #RECIPE}, so the image is
 * rebuilt exactly when one of them changes, and a present tag costs one inspect.
 *
 * <p>Blocks the calling thread for the download and build (a minute or two); not thread-safe
 * (callers serialise, see {@code PythonImages}).
 */
public final class DebLayerImage {

    /** Bumped whenever the build steps below change meaning, so old images are not reused. */
    static final String RECIPE = "deb-layer/1";
    public static final String LABEL_PACKAGES = "dev.sandstage.debs.packages";
    public static final String LABEL_PARENT_ID = "dev.sandstage.debs.parent-image-id";
    private static final String DPKG_STATUS = "/var/lib/dpkg/status";
    private static final long BUILD_TIMEOUT_SECONDS = 900;

    private final DockerClient docker;
    private final String repository;
    private final List<String> packages;

    public DebLayerImage(DockerClient docker, String repository, List<String> packages) {
        this.docker = docker;
        this.repository = repository;
        this.packages = List.copyOf(packages);
    }

    /** The content tag for {@code parentId}, e.g. {@code sandstage/python:3f2a...}. */
    public String tagFor(String parentId) {
        String key = parentId + "\n" + String.join(" ", packages) + "\n" + RECIPE;
        return repository + ":" + sha256Hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 24);
    }

    /**
     * Builds the image on {@code parent} (a name or id) unless its tag exists, in a scratch
     * directory under {@code java.io.tmpdir} (removed after) for the status file, the downloads
     * and the build context.
     *
     * @return the content tag
     */
    public String ensure(String parent, Consumer<String> out) {
        String parentId = requireImage(parent);
        String tag = tagFor(parentId);
        if (imageId(tag) != null) {
            return tag;
        }
        HostRelease.requireSuite(BaseImage.SUITE);
        String prefix = repository.substring(repository.indexOf('/') + 1);
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("sandstage-debs-");
            Path status = Files.createDirectories(workDir.resolve("dpkg")).resolve("status");
            Files.write(status, dpkgStatus(parentId));
            Path archives = Files.createDirectories(workDir.resolve("archives/partial")).getParent();
            download(prefix, status, archives, out);
            Path context = context(workDir.resolve("context"), archives, parentId);
            out.accept("[" + prefix + "] building " + tag + " FROM " + parent + " (network none)");
            build(context, workDir.resolve("context.tar"), tag, parentId);
            out.accept("[" + prefix + "] built " + tag);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the build of " + tag + " in " + workDir, e);
        } finally {
            if (workDir != null) {
                removeTree(workDir);
            }
        }
    }

    private byte[] dpkgStatus(String parentId) {
        String container = docker.createContainerCmd(parentId).withCmd("true")
                .withNetworkDisabled(true).exec().getId();
        try (InputStream tar = docker.copyArchiveFromContainerCmd(container, DPKG_STATUS).exec()) {
            return TarEntries.firstFile(tar);
        } catch (IOException e) {
            throw new SandstageFatalException("cannot copy dpkg's status out of the parent image",
                    Map.of("image", parentId), e);
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    private void download(String prefix, Path status, Path archives, Consumer<String> out) {
        if (!HostRelease.hasAptLists()) {
            int update = Processes.stream(prefix, List.of("apt-get", "update"), Map.of(), out);
            if (update != 0) {
                throw new SandstageFatalException("apt-get update failed (as root, run it once by hand)",
                        Map.of("exit", update));
            }
        }
        List<String> command = new ArrayList<>(List.of("apt-get",
                "-o", "Dir::State::status=" + status,
                "-o", "Dir::Cache::archives=" + archives + "/",
                "-o", "APT::Get::Download-Only=true",
                // The scratch directory is private to this user; apt's _apt sandbox user could not write it.
                "-o", "APT::Sandbox::User=" + System.getProperty("user.name"),
                "-y", "--no-install-recommends", "install"));
        command.addAll(packages);
        int exit = Processes.stream(prefix, command, Map.of("DEBIAN_FRONTEND", "noninteractive"), out);
        if (exit != 0) {
            throw new SandstageFatalException("apt-get could not download the packages (see its output above)",
                    Map.of("exit", exit, "packages", String.join(" ", packages)));
        }
    }

    /** {@code Dockerfile} plus {@code debs/NNN.deb}: short names keep ustar happy and the order stable. */
    private static Path context(Path dir, Path archives, String parentId) throws IOException {
        Path debs = Files.createDirectories(dir.resolve("debs"));
        List<Path> files;
        try (Stream<Path> list = Files.list(archives)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".deb")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new SandstageFatalException("apt-get downloaded no packages, yet the image is missing",
                    Map.of("dir", archives));
        }
        for (int i = 0; i < files.size(); i++) {
            Files.move(files.get(i), debs.resolve(String.format("%03d.deb", i)));
        }
        Files.writeString(dir.resolve("Dockerfile"), dockerfile(parentId));
        return dir;
    }

    static String dockerfile(String parentId) {
        return "FROM " + parentId + "\n"
                + "COPY debs/ /tmp/debs/\n"
                // apt orders Pre-Depends and configures the local files offline; nothing is fetched.
                // Documentation, manuals and translations stay out (copyright files stay), as in Debian's slim images.
                + "RUN DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends"
                + " -o 'Dpkg::Options::=--path-exclude=/usr/share/doc/*'"
                + " -o 'Dpkg::Options::=--path-include=/usr/share/doc/*/copyright'"
                + " -o 'Dpkg::Options::=--path-exclude=/usr/share/man/*'"
                + " -o 'Dpkg::Options::=--path-exclude=/usr/share/locale/*'"
                + " /tmp/debs/*.deb \\\n"
                + " && rm -rf /tmp/debs /var/cache/apt/*.bin /var/cache/apt/archives/*.deb /var/lib/apt/lists/* \\\n"
                + "    /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/apt /var/log/dpkg.log\n";
    }

    private void build(Path context, Path tarFile, String tag, String parentId) {
        Processes.Result tar = Processes.capture(List.of("tar", "--numeric-owner", "--owner=0", "--group=0",
                "-C", context.toString(), "-cf", tarFile.toString(), "."))
                .orElseThrow(() -> new SandstageFatalException("cannot run tar", Map.of("dir", context)));
        if (!tar.ok()) {
            throw new SandstageFatalException("tar of the build context failed: " + tar.firstLine(),
                    Map.of("dir", context));
        }
        try (InputStream in = Files.newInputStream(tarFile)) {
            docker.buildImageCmd(in)
                    .withPull(false)
                    .withNetworkMode("none")
                    .withTags(Set.of(tag))
                    .withLabels(Map.of(LABEL_PACKAGES, String.join(" ", packages), LABEL_PARENT_ID, parentId))
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tarFile, e);
        }
    }

    private String requireImage(String image) {
        String id = imageId(image);
        if (id == null) {
            throw new SandstageFatalException("image not found (it is never pulled; run prepare)",
                    Map.of("image", image));
        }
        return id;
    }

    private String imageId(String image) {
        try {
            return docker.inspectImageCmd(image).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static void removeTree(Path dir) {
        if (Files.exists(dir)) {
            Processes.capture(List.of("rm", "-rf", "--one-file-system", dir.toString()));
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
