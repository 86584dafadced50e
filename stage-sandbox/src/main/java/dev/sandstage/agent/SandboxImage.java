package dev.sandstage.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.agent.internal.TarArchive;
import dev.sandstage.error.SandstageFatalException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives the image pooled containers run: {@code FROM <tool image>}, the agent copied in as
 * {@value #AGENT_PATH}, {@code USER 65534:65534}, the agent as entrypoint. Built through the
 * Docker API from an in-memory context, never pulling. The tag is a hash of the agent binary
 * and the tool image's id, so the image is rebuilt exactly when either changes.
 *
 * <p>Called by the pool when it prepares a sandbox class. {@link #ensure} is synchronized so
 * that two classes on the same tool image build it once; it blocks for the build.
 */
public final class SandboxImage {

    public static final String REPOSITORY = "sandstage/sandbox";
    public static final String AGENT_PATH = "/usr/local/bin/sandstage-agent";
    public static final String LABEL_AGENT_SHA256 = "dev.sandstage.agent.sha256";
    public static final String LABEL_TOOL_IMAGE_ID = "dev.sandstage.agent.tool-image-id";
    /** The uid and gid agent and tools run as: "nobody", owning nothing in the image. */
    public static final int SANDBOX_UID = 65534;

    private static final Logger LOG = LoggerFactory.getLogger(SandboxImage.class);
    private static final long BUILD_TIMEOUT_SECONDS = 300;

    private final DockerClient docker;
    private final AgentBinary agent;

    public SandboxImage(DockerClient docker, AgentBinary agent) {
        this.docker = docker;
        this.agent = agent;
    }

    /** The derived image's tag for {@code toolImage}, building it when it does not exist yet. */
    public synchronized String ensure(String toolImage) {
        String toolImageId;
        try {
            toolImageId = docker.inspectImageCmd(toolImage).exec().getId();
        } catch (NotFoundException e) {
            throw new SandstageFatalException("tool image not found (it is never pulled)",
                    Map.of("image", toolImage), e);
        }
        String tag = tagFor(agent.sha256(), toolImageId);
        if (exists(tag)) {
            return tag;
        }
        LOG.info("building {} from {} ({}) with agent {}", tag, toolImage, toolImageId, agent.sha256());
        byte[] context = new TarArchive()
                .add("Dockerfile", dockerfile(toolImage).getBytes(StandardCharsets.UTF_8), 0644)
                .add("sandstage-agent", agent.bytes(), 0755)
                .finish();
        String id = docker.buildImageCmd(new ByteArrayInputStream(context))
                .withPull(false)
                .withTags(Set.of(tag))
                .withLabels(Map.of(LABEL_AGENT_SHA256, agent.sha256(), LABEL_TOOL_IMAGE_ID, toolImageId))
                .exec(new BuildImageResultCallback())
                .awaitImageId(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.info("built {} as {}", tag, id);
        return tag;
    }

    /** {@code sandstage/sandbox:<first 24 hex of sha256(agent sha256 + tool image id)>}. */
    public static String tagFor(String agentSha256, String toolImageId) {
        String hash = AgentBinary.sha256Hex((agentSha256 + "\n" + toolImageId).getBytes(StandardCharsets.UTF_8));
        return REPOSITORY + ":" + hash.substring(0, 24);
    }

    static String dockerfile(String toolImage) {
        // ENTRYPOINT resets the base image's CMD; the explicit empty CMD says so to a reader.
        return "FROM " + toolImage + "\n"
                + "COPY sandstage-agent " + AGENT_PATH + "\n"
                + "USER " + SANDBOX_UID + ":" + SANDBOX_UID + "\n"
                + "ENTRYPOINT [\"" + AGENT_PATH + "\"]\n"
                + "CMD []\n";
    }

    private boolean exists(String tag) {
        try {
            docker.inspectImageCmd(tag).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
