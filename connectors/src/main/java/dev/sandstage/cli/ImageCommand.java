package dev.sandstage.cli;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.error.SandstageException;
import dev.sandstage.host.DockerClients;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.image.StageImage;
import dev.sandstage.image.StageImageSources;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code image} verb: builds the stage's container image {@code sandstage/stage:<hash>} and
 * {@code sandstage/stage:latest} from {@code compose/Dockerfile}, the built jars and a jlink'ed
 * runtime, through the Docker API; skips the build when the image for the current inputs exists.
 * The runtime is linked into {@code <state>/image}. Progress lines go to standard output; the
 * last line is the tag. Main thread only.
 */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = {
            "Build the stage's container image sandstage/stage:<inputs hash> (and :latest) from compose/Dockerfile:",
            "the local base image sandstage/base:bookworm, a Java runtime linked with jlink from this JDK, the jars.",
            "Nothing is built when the image for the current jars, base image and JDK exists. See compose/README.md."
        })
final class ImageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StateDirectory state = StateDirectory.fromEnvironment();
        try (DockerClient docker = DockerClients.connect()) {
            StageImageSources sources = StageImageSources.ofRunningCheckout(state.subdirectory("image"));
            String tag = new StageImage(docker, sources, line -> {
                out.println("image: " + line);
                out.flush();
            }).ensure();
            out.println(tag);
            return 0;
        } catch (SandstageException | UncheckedIOException e) {
            err.println("image: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("image: closing the Docker client failed: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
