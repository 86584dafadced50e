package dev.sandstage.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.host.DockerClients;
import dev.sandstage.host.PythonImages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Builds a one-package layer on the real engine from the host's apt: apt fetches exactly what
 * the parent image lacks (one package whose only dependency the parent has), the host's own
 * dpkg state stays as it was, the package is installed in the image, and a second ensure builds
 * nothing.
 */
class DebLayerImageIT {

    private static final String REPOSITORY = "sandstage/test-deb-layer";
    /** Pure Python, depends only on python3:any, which the parent has. */
    private static final String PACKAGE = "python3-six";

    private DockerClient docker;
    private String tag;

    @BeforeEach
    void connect() {
        docker = DockerClients.connect();
    }

    @AfterEach
    void removeImage() throws Exception {
        try {
            if (tag != null) {
                docker.removeImageCmd(tag).withForce(true).exec();
            }
        } catch (NotFoundException e) {
            // already gone
        } finally {
            docker.close();
        }
    }

    @Test
    void fetchesOnlyWhatTheParentLacksInstallsItAndLeavesTheHostsDpkgStateAlone() throws Exception {
        String parent = new PythonImages(docker, line -> { }).python();
        DebLayerImage layer = new DebLayerImage(docker, REPOSITORY, List.of(PACKAGE));
        removeQuietly(layer.tagFor(docker.inspectImageCmd(parent).exec().getId()));
        String hostStatus = sha256(Path.of("/var/lib/dpkg/status"));
        List<String> lines = new ArrayList<>();

        tag = layer.ensure(parent, lines::add);

        assertThat(lines).filteredOn(l -> l.matches("\\[test-deb-layer] Get:\\d+ .*")).singleElement()
                .asString().contains(" " + PACKAGE + " ");
        assertThat(sha256(Path.of("/var/lib/dpkg/status"))).isEqualTo(hostStatus);
        assertThat(status(tag)).contains("Package: " + PACKAGE + "\nStatus: install ok installed\n");
        assertThat(docker.inspectImageCmd(tag).exec().getConfig().getLabels())
                .containsEntry(DebLayerImage.LABEL_PACKAGES, PACKAGE);
        String id = docker.inspectImageCmd(tag).exec().getId();
        List<String> again = new ArrayList<>();
        assertThat(layer.ensure(parent, again::add)).isEqualTo(tag);
        assertThat(again).isEmpty();
        assertThat(docker.inspectImageCmd(tag).exec().getId()).isEqualTo(id);
    }

    private String status(String image) throws Exception {
        String container = docker.createContainerCmd(image).withCmd("true").withNetworkDisabled(true).exec().getId();
        try (InputStream tar = docker.copyArchiveFromContainerCmd(container, "/var/lib/dpkg/status").exec()) {
            return new String(TarEntries.firstFile(tar), StandardCharsets.UTF_8);
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    private void removeQuietly(String image) {
        try {
            docker.removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException e) {
            // not there: the build below starts from nothing either way
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
