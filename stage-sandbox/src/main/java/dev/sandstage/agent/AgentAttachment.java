package dev.sandstage.agent;

import dev.sandstage.agent.internal.DockerStreamDemuxer;
import dev.sandstage.agent.internal.RawAttach;
import dev.sandstage.host.DockerClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the attached stdin/stdout of a running container (created with {@code OpenStdin},
 * without a TTY) as an {@link AgentClient}. Speaks the attach endpoint directly over the
 * engine's unix socket (one connection, one reader thread). docker-java's hijacked attach
 * works too, at the same latency within noise (ping p50 0.14-0.23 ms under runc in
 * {@code AgentLatencyIT}), but it adds a stdin-copy thread and two piped streams per pooled
 * container; this transport has neither. Agent stderr lines are logged at INFO under
 * {@code dev.sandstage.agent.AgentStderr}.
 *
 * <p>Called by the pool (on its Docker thread) when a container starts. Stateless; any thread.
 */
public final class AgentAttachment {

    private AgentAttachment() {}

    /** Attaches through the engine named by {@code DOCKER_HOST} (or the default socket). */
    public static AgentClient attach(String containerId) {
        return attach(DockerClients.dockerHost(System.getenv()), containerId);
    }

    /** Attaches through {@code dockerHost}, which must be a {@code unix://} address. */
    public static AgentClient attach(URI dockerHost, String containerId) {
        if (!"unix".equals(dockerHost.getScheme())) {
            throw new AgentProtocolException("attaching to the agent needs a unix socket engine address",
                    Map.of("dockerHost", dockerHost, "container", containerId));
        }
        String name = containerId.substring(0, Math.min(12, containerId.length()));
        try {
            RawAttach.Streams s = RawAttach.open(Path.of(dockerHost.getPath()), containerId);
            return new AgentClient(name, new DockerStreamDemuxer(s.fromContainer(), name), s.toContainer(), s.channel());
        } catch (IOException e) {
            throw new AgentProtocolException("cannot attach to the container's agent",
                    Map.of("dockerHost", dockerHost, "container", containerId), e);
        }
    }
}
