package dev.sandstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the launcher the way a user does: {@code ./sandstage up} as a child process, then
 * {@code ./sandstage call echo}. Needs Docker and the built jars (failsafe runs after package).
 */
class UpAndCallIT {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path home;

    private final String instance = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private Process up;

    @AfterEach
    void killUp() {
        if (up != null && up.isAlive()) {
            up.destroyForcibly();
        }
    }

    @Test
    void upThenCallEchoPrintsTheMessageAndSigtermLeavesNoContainers() throws Exception {
        Path root = Path.of(System.getProperty("sandstage.repo.root"));
        Path launcher = root.resolve("sandstage");
        int kafkaPort = freePort();
        int controllerPort = freePort();
        ProcessBuilder upBuilder = new ProcessBuilder(launcher.toString(), "up",
                "--kafka-port", String.valueOf(kafkaPort), "--kafka-controller-port", String.valueOf(controllerPort))
                .redirectError(home.resolve("up.err").toFile());
        environment(upBuilder.environment());
        up = upBuilder.start();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(up));
        boolean isReady;
        try {
            isReady = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no 'sandstage ready' within " + READY_TIMEOUT + "; stderr:\n" + stderr(), e);
        }
        assertThat(isReady).as("ready line; stderr: %s", stderr()).isTrue();

        ProcessBuilder callBuilder = new ProcessBuilder(launcher.toString(), "call", "echo",
                "--args", "{\"message\":\"hi\"}", "--timeout", "60s").redirectErrorStream(true);
        environment(callBuilder.environment());
        Process call = callBuilder.start();
        String callOut = new String(call.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(call.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(call.exitValue()).as(callOut).isZero();
        assertThat(callOut).contains("hi").contains("SUCCEEDED");

        // Process.destroy() sends SIGTERM; the launcher execs java, so the JVM receives it.
        up.destroy();
        assertThat(up.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(up.exitValue()).as(stderr()).isZero();
        assertThat(containersOf(instance)).isEmpty();
    }

    private void environment(Map<String, String> env) {
        env.put("SANDSTAGE_HOME", home.toString());
        env.put("SANDSTAGE_NO_BUILD", "1");
        env.put("SANDSTAGE_HTTP_PORT", "0");
        env.put("SANDSTAGE_STAGE_INSTANCE_ID", instance);
    }

    private static boolean readUntilReady(Process process) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals("sandstage ready")) {
                    // Keep draining so the child never blocks on a full pipe.
                    Thread.ofVirtual().start(() -> drain(reader));
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    private String stderr() {
        try {
            return Files.readString(home.resolve("up.err"));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    private static List<String> containersOf(String instance) throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=sandstage.instance=" + instance)
                .redirectErrorStream(true).start();
        String text = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        ps.waitFor(30, TimeUnit.SECONDS);
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
