package dev.sandstage.host.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import dev.sandstage.host.BaseImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds {@link BaseImage#NAME} from {@link BaseImage#REGISTRY_BASE} pulled from a registry.
 * Only tried when {@link BaseImage#FROM_REGISTRY_ENV} is {@code true}: by default Sandstage never
 * contacts a registry, because its build machines reach none and containers stay on loopback.
 *
 * <p>Blocks the calling thread (the CLI's main thread); docker-java delivers build and pull
 * progress on its own callback threads, which only append to {@code out}.
 */
public final class RegistryImage {

    private final DockerClient docker;

    public RegistryImage(DockerClient docker) {
        this.docker = docker;
    }

    /** @return true when the image was built; false (with the reason printed) when it was not */
    public boolean tryBuild(Path workDir, Consumer<String> out) {
        try {
            out.accept("[base] pulling " + BaseImage.REGISTRY_BASE + " (" + BaseImage.FROM_REGISTRY_ENV + "=true)");
            docker.pullImageCmd(BaseImage.REGISTRY_BASE).exec(new PullImageResultCallback())
                    .awaitCompletion(10, TimeUnit.MINUTES);
            Files.createDirectories(workDir);
            Path dockerfile = workDir.resolve("Dockerfile");
            Files.writeString(dockerfile, String.join("\n",
                    "FROM " + BaseImage.REGISTRY_BASE,
                    "RUN apt-get update && apt-get install -y --no-install-recommends " + BaseImage.EXTRA_PACKAGES
                            + " && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin",
                    "ENV LANG=C.UTF-8",
                    "CMD [\"/bin/bash\"]",
                    ""));
            // Host network for the build only: apt needs a mirror, and the engine has no bridge.
            docker.buildImageCmd(dockerfile.toFile())
                    .withTags(Set.of(BaseImage.NAME))
                    .withNetworkMode("host")
                    .withLabels(Map.of(BaseImage.RECIPE_LABEL, "FROM " + BaseImage.REGISTRY_BASE
                            + " + apt-get install " + BaseImage.EXTRA_PACKAGES + "; docker build by sandstage prepare"))
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(10, TimeUnit.MINUTES);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException | IOException e) {
            out.accept("[base] registry build failed, falling back to debootstrap: " + e.getMessage());
            return false;
        }
    }
}
