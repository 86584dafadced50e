package dev.sandstage.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent binary as a plain child process of the test JVM (not PID 1, so it must only
 * touch its own descendants), driven through {@link AgentClient} over the process's pipes.
 */
class LocalAgentIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final int SIGKILL = 9;
    private static final int SIGXCPU = 24;

    @TempDir
    Path dir;
    private Path workspace;
    private Path scratch;
    private Process agent;
    private AgentClient client;

    @BeforeEach
    void startAgent() throws IOException {
        workspace = Files.createDirectory(dir.resolve("workspace"));
        scratch = Files.createDirectory(dir.resolve("tmp"));
        Path binary = AgentBinary.load().writeTo(dir);
        agent = new ProcessBuilder(binary.toString(), "--workspace", workspace.toString(), "--wipe", scratch.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        client = new AgentClient("local-" + agent.pid(), agent.getInputStream(), agent.getOutputStream());
    }

    @AfterEach
    void stopAgent() {
        client.close();
        agent.destroyForcibly();
    }

    private RunResult run(RunRequest.Builder request) {
        RunResult result = client.run(request.workdir(workspace.toString()).build(), DEADLINE);
        client.awaitReady(DEADLINE);
        return result;
    }

    @Test
    void echoAnswersItsOutputAndExitZeroWithUsage() {
        RunResult result = run(RunRequest.builder("echo", "hello", "agent"));

        assertThat(result.reason()).isEqualTo(RunReason.EXITED);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout().utf8()).isEqualTo("hello agent\n");
        assertThat(result.stdout().truncated()).isFalse();
        assertThat(result.stderr().totalBytes()).isZero();
        assertThat(result.wall()).isPositive();
        assertThat(result.peakRssBytes()).isPositive();
    }

    @Test
    void exitCodeAndStderrOfAFailingToolAreReported() {
        RunResult result = run(RunRequest.builder("sh", "-c", "echo oops >&2; exit 42"));

        assertThat(result.reason()).isEqualTo(RunReason.EXITED);
        assertThat(result.exitCode()).isEqualTo(42);
        assertThat(result.stderr().utf8()).isEqualTo("oops\n");
    }

    @Test
    void stdinLargerThanAPipeBufferReachesTheTool() {
        byte[] input = new byte[1 << 20];
        java.util.Arrays.fill(input, (byte) 'x');

        RunResult result = run(RunRequest.builder("wc", "-c").stdin(input));

        assertThat(result.stdout().utf8().strip()).isEqualTo("1048576");
    }

    @Test
    void environmentAndWorkingDirectoryAreTheRequestsOnly() {
        RunResult result = run(RunRequest.builder("sh", "-c", "pwd; env | sort")
                .env(java.util.Map.of("PATH", "/usr/bin:/bin", "GREETING", "hi there")));

        assertThat(result.stdout().utf8()).startsWith(workspace + "\n").contains("GREETING=hi there\n")
                .doesNotContain("JAVA_HOME");
    }

    @Test
    void timeoutKillsTheProcessGroupIncludingAGrandchildIgnoringSigterm() throws IOException {
        RunResult result = run(RunRequest.builder("sh", "-c", "trap '' TERM; sleep 1000 & echo $!; wait")
                .timeout(Duration.ofMillis(300)));

        assertThat(result.reason()).isEqualTo(RunReason.TIMEOUT);
        assertThat(result.signal()).isEqualTo(SIGKILL);
        // Ended by the timeout, well before the 1000 s sleep or the client's deadline: an upper bound
        // any closer to the timeout would be a timing assertion on a loaded machine.
        assertThat(result.wall()).isBetween(Duration.ofMillis(290), Duration.ofSeconds(15));
        long grandchild = Long.parseLong(result.stdout().utf8().strip());
        assertThat(ProcessHandle.of(grandchild)).isEmpty();
    }

    @Test
    void outputPastTheCapIsCountedAndFlaggedTruncated() {
        RunResult result = run(RunRequest.builder("head", "-c", "100000", "/dev/zero").stdoutCap(1000).outputCeiling(0));

        assertThat(result.reason()).isEqualTo(RunReason.EXITED);
        assertThat(result.stdout().bytes()).hasSize(1000);
        assertThat(result.stdout().totalBytes()).isEqualTo(100_000);
        assertThat(result.stdout().truncated()).isTrue();
    }

    @Test
    void outputPastTheCeilingKillsTheToolWithOutputLimit() {
        RunResult result = run(RunRequest.builder("yes").stdoutCap(100).outputCeiling(200_000));

        assertThat(result.reason()).isEqualTo(RunReason.OUTPUT_LIMIT);
        assertThat(result.signal()).isEqualTo(SIGKILL);
        assertThat(result.stdout().totalBytes()).isGreaterThan(200_000);
        assertThat(result.stdout().bytes()).hasSize(100);
    }

    @Test
    void missingExecutableIsASpawnFailureWithTheReason() {
        RunResult result = run(RunRequest.builder("/nonexistent/tool"));

        assertThat(result.reason()).isEqualTo(RunReason.SPAWN_FAILED);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.message()).isEqualTo("exec /nonexistent/tool: No such file or directory");
    }

    @Test
    void missingWorkingDirectoryIsASpawnFailure() {
        RunResult result = client.run(RunRequest.builder("true").workdir(dir.resolve("absent").toString()).build(), DEADLINE);

        assertThat(result.reason()).isEqualTo(RunReason.SPAWN_FAILED);
        assertThat(result.message()).startsWith("chdir: No such file");
    }

    @Test
    void cpuLimitEndsABusyLoopWithSigxcpu() {
        RunResult result = run(RunRequest.builder("sh", "-c", "while :; do :; done")
                .limits(RunLimits.NONE.withCpuSeconds(1)).timeout(Duration.ofSeconds(15)));

        assertThat(result.reason()).isEqualTo(RunReason.KILLED);
        assertThat(result.signal()).isEqualTo(SIGXCPU);
        // The kernel counts RLIMIT_CPU in scheduler ticks, wait4 reports the precise run time: on a
        // loaded VM, ticks charged during stolen time end the loop after less than a second of real
        // CPU (0.83 s seen in a run of this suite). So: CPU was charged, and the soft limit (1 s),
        // not the hard one (2 s), ended it.
        assertThat(result.cpu()).isPositive().isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void fileSizeLimitStopsAWriterAtTheLimit() throws IOException {
        RunResult result = run(RunRequest.builder("sh", "-c", "head -c 100000 /dev/zero > big; wc -c < big")
                .limits(RunLimits.NONE.withFileSizeBytes(4096)).wipe(false));

        assertThat(result.stdout().utf8().strip()).isEqualTo("4096");
        assertThat(Files.size(workspace.resolve("big"))).isEqualTo(4096);
    }

    @Test
    void orphansAreReapedWhileTheToolStillRuns() {
        RunResult result = run(RunRequest.builder("sh", "-c",
                "for i in 1 2 3 4 5; do sh -c 'true &'; done; sleep 0.5; cat /proc/[0-9]*/stat 2>/dev/null")
                .stdoutCap(4 << 20).outputCeiling(0));

        long zombiesOfTheAgent = result.stdout().utf8().lines()
                .map(line -> line.substring(line.lastIndexOf(')') + 2).split(" "))
                .filter(f -> f[0].equals("Z") && Long.parseLong(f[1]) == agent.pid())
                .count();
        assertThat(zombiesOfTheAgent).isZero();
        assertThat(ProcessHandle.of(agent.pid()).orElseThrow().children()).isEmpty();
    }

    @Test
    void backgroundProcessInItsOwnSessionIsGoneWhenReadyArrives() {
        RunResult result = run(RunRequest.builder("sh", "-c", "setsid sleep 1000 > /dev/null 2>&1 & echo $!"));

        assertThat(ProcessHandle.of(Long.parseLong(result.stdout().utf8().strip()))).isEmpty();
    }

    @Test
    void wipingRunRemovesWorkspaceAndScratchFilesButKeepsTheDirectories() throws IOException {
        run(RunRequest.builder("sh", "-c", "mkdir -p d/e && touch d/e/f x " + scratch + "/t && chmod 500 d"));

        assertThat(workspace).isEmptyDirectory();
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void runWithoutWipeKeepsTheWorkspaceButCleansScratch() {
        run(RunRequest.builder("sh", "-c", "touch kept " + scratch + "/t").wipe(false));

        assertThat(workspace.resolve("kept")).exists();
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void resetWipesTheWorkspaceAndPingAnswers() throws IOException {
        Files.writeString(workspace.resolve("left"), "over", StandardCharsets.UTF_8);

        client.reset(DEADLINE);

        assertThat(workspace).isEmptyDirectory();
        assertThat(client.ping(DEADLINE)).isPositive();
    }

    @Test
    void resultArrivesBeforeReadyAndTheNextCallWaitsForReady() {
        RunResult first = client.run(RunRequest.builder("true").build(), DEADLINE);

        assertThat(first.succeeded()).isTrue();
        assertThat(client.readyPending()).isTrue();
        assertThat(client.run(RunRequest.builder("echo", "second").build(), DEADLINE).stdout().utf8()).isEqualTo("second\n");
    }

    @Test
    void agentThatDiedIsAClearErrorAndTheClientStaysBroken() throws InterruptedException {
        agent.destroyForcibly().waitFor();

        assertThatThrownBy(() -> client.run(RunRequest.builder("sleep", "5").build(), DEADLINE))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageMatching("(the agent's stream ended|cannot write RUN to the agent).*");
        assertThatThrownBy(() -> client.ping(DEADLINE)).isInstanceOf(AgentProtocolException.class);
    }
}
