package dev.sandstage.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.sandstage.host.DockerClients;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measures ping and echo round trips through the raw attach ({@link AgentAttachment}) and
 * through docker-java's hijacked attach, under runc and runsc, and prints them. It asserts only
 * that every exchange worked: timings are the benchmarks' business, not a test's.
 */
class AgentLatencyIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int PINGS = 2000;
    private static final int RUNS = 200;

    private static DockerClient docker;
    private static String image;

    @BeforeAll
    static void buildImage() {
        docker = DockerClients.connect();
        image = AgentContainers.sandboxImage(docker);
    }

    @AfterAll
    static void closeDocker() throws Exception {
        docker.close();
    }

    @ParameterizedTest(name = "{0} via {1}")
    @CsvSource({"runc, raw", "runc, docker-java", "runsc, raw", "runsc, docker-java"})
    void pingsAndEchoRunsAllSucceedAndTheirLatencyIsReported(String runtime, String transport) throws Exception {
        String id = AgentContainers.start(docker, image, runtime, getClass());
        try (AgentClient client = transport.equals("raw") ? AgentAttachment.attach(id) : dockerJavaAttach(id)) {
            client.ping(DEADLINE);
            long[] pings = measure(PINGS, () -> client.ping(DEADLINE));
            RunRequest echo = RunRequest.builder("/bin/echo", "hi").build();
            long[] runs = measure(RUNS, () -> {
                long start = System.nanoTime();
                RunResult result = client.run(echo, DEADLINE);
                assertThat(result.stdout().utf8()).isEqualTo("hi\n");
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                client.awaitReady(DEADLINE);
                return took;
            });
            System.out.printf("agent latency %-5s %-11s ping p50 %7.3f ms p99 %7.3f ms | echo run p50 %7.3f ms p99 %7.3f ms%n",
                    runtime, transport, millis(pings, 0.50), millis(pings, 0.99), millis(runs, 0.50), millis(runs, 0.99));
            assertThat(pings).hasSize(PINGS);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static long[] measure(int times, Supplier<Duration> exchange) {
        long[] nanos = new long[times];
        for (int i = 0; i < times; i++) {
            nanos[i] = exchange.get().toNanos();
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    /** The comparison transport: docker-java copies our stdin pipe to the socket on its own thread. */
    private static AgentClient dockerJavaAttach(String id) throws IOException, InterruptedException {
        PipedOutputStream toAgent = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(toAgent, 1 << 20);
        PipedInputStream fromAgent = new PipedInputStream(1 << 20);
        PipedOutputStream stdout = new PipedOutputStream(fromAgent);
        ResultCallback.Adapter<Frame> callback = docker.attachContainerCmd(id)
                .withStdIn(stdin).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        if (frame.getStreamType() == StreamType.STDOUT) {
                            try {
                                stdout.write(frame.getPayload());
                                stdout.flush();
                            } catch (IOException e) {
                                throw new IllegalStateException("piping agent stdout", e);
                            }
                        }
                    }
                });
        callback.awaitStarted(10, TimeUnit.SECONDS);
        return new AgentClient("docker-java-" + id.substring(0, 12), fromAgent, toAgent, callback);
    }
}
