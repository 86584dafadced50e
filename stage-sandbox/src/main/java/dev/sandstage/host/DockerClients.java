package dev.sandstage.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Builds docker-java clients for the engine named by {@code DOCKER_HOST}, or the local
 * {@code unix:///var/run/docker.sock} when it is unset. Used by the host verbs ({@code doctor},
 * {@code prepare}) and by the container pool.
 *
 * <p>No API version is fixed: requests go to unversioned paths, so the engine answers with its
 * own API version (1.41 for the Debian 12 engine). Transport is Apache httpclient5, which
 * supports attach (hijacked streams) over the unix socket. No response timeout is set because
 * attach and log-follow streams stay open for a container's lifetime; callers that want a
 * bound use their own deadline.
 *
 * <p>Stateless; any thread may call it. The returned clients are thread-safe and must be closed.
 */
public final class DockerClients {

    /** The engine used when {@code DOCKER_HOST} is not set. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_CONNECTIONS = 100;

    private DockerClients() {}

    /** The engine address from {@code env}: {@code DOCKER_HOST}, else {@link #DEFAULT_HOST}. */
    public static URI dockerHost(Map<String, String> env) {
        String host = env.get("DOCKER_HOST");
        return URI.create(host == null || host.isBlank() ? DEFAULT_HOST : host.trim());
    }

    /** True when {@code host} is the local default socket, the only engine Sandstage may start. */
    public static boolean isDefaultLocalHost(URI host) {
        return URI.create(DEFAULT_HOST).equals(host);
    }

    /** A client for the engine named by the process environment. */
    public static DockerClient connect() {
        return connect(System.getenv());
    }

    /** A client for the engine named by {@code env}. */
    public static DockerClient connect(Map<String, String> env) {
        DockerClientConfig config = config(dockerHost(env));
        return DockerClientImpl.getInstance(config, httpClient(config));
    }

    /**
     * The raw HTTP transport for {@code env}'s engine, for the few endpoints docker-java does not
     * model (for example {@code POST /images/create?fromSrc=-} with {@code changes}).
     */
    public static DockerHttpClient httpClient(Map<String, String> env) {
        return httpClient(config(dockerHost(env)));
    }

    private static DockerClientConfig config(URI host) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .build();
    }

    private static DockerHttpClient httpClient(DockerClientConfig config) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
    }
}
