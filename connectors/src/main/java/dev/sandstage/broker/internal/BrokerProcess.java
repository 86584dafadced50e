package dev.sandstage.broker.internal;

import dev.sandstage.broker.BrokerExitedException;
import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts and stops the Java child processes of the embedded broker: the one-off storage
 * formatter ({@code kafka.tools.StorageTool format}) and the broker itself ({@code kafka.Kafka}).
 * Both run in the broker directory with the same JDK, classpath and log configuration, and append
 * their output to {@code broker.log}.
 *
 * <p>Immutable; its blocking methods run on the caller's thread.
 */
public record BrokerProcess(BrokerFiles files, Path javaHome, List<Path> libraryDirs, List<String> jvmOptions) {

    /** System property on the broker's command line naming its directory, to recognise it later. */
    static final String DIR_MARKER = "sandstage.kafka.dir";

    public BrokerProcess {
        libraryDirs = List.copyOf(libraryDirs);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** Formats the storage with {@code clusterId}; fails with the tool's last output lines. */
    public void format(String clusterId, Duration timeout) {
        appendMarker("formatting storage, cluster id " + clusterId);
        Process p = start(List.of("kafka.tools.StorageTool", "format",
                "--config", files.serverProperties().getFileName().toString(), "--cluster-id", clusterId));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw failure("formatting the Kafka storage took longer than " + timeout, -1);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw failure("interrupted while formatting the Kafka storage", -1);
        }
        if (p.exitValue() != 0) {
            throw failure("formatting the Kafka storage failed", p.exitValue());
        }
    }

    /** Starts the broker and records its process id. */
    public Process startBroker() {
        appendMarker("starting broker");
        // A class-data archive the JVM creates on the first run and maps on later ones: a faster restart.
        Process p = start(List.of(
                "-XX:SharedArchiveFile=" + files.classDataArchive().toAbsolutePath(),
                "-XX:+AutoCreateSharedArchive",
                "kafka.Kafka", files.serverProperties().getFileName().toString()));
        BrokerFiles.writeAtomically(files.pidFile(), p.pid() + "\n");
        return p;
    }

    /** Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it. */
    public static void stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot wait for process " + process.pid(), e);
        }
    }

    /**
     * The broker of an earlier run of this directory that is still alive because its parent was
     * killed without a chance to stop it ({@code kill -9}); only a process whose command line
     * names this directory counts, so a reused process id is never mistaken for it.
     */
    public Optional<ProcessHandle> orphan() {
        return BrokerFiles.read(files.pidFile())
                .map(String::strip)
                .flatMap(BrokerProcess::parsePid)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker())).orElse(false));
    }

    /** Starts java with the shared options, then {@code args} (more JVM options, the main class, its arguments). */
    private Process start(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dlogback.configurationFile=" + files.logbackConfig().toAbsolutePath());
        // Kafka's Log4jController talks to the Log4j 2 API; without log4j-core it would complain on stderr.
        cmd.add("-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        cmd.add(marker());
        cmd.add("-cp");
        cmd.add(BrokerClasspath.classpathArgument(libraryDirs));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(files.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(files.log().toFile()))
                .redirectInput(Redirect.from(new java.io.File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new SandstageFatalException("cannot start " + cmd.getFirst(), Map.of("command", String.join(" ", args)), e);
        }
    }

    private String marker() {
        return "-D" + DIR_MARKER + "=" + files.dir().toAbsolutePath();
    }

    private void appendMarker(String what) {
        try {
            Files.writeString(files.log(), "---- sandstage: " + what + " at " + Instant.now() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + files.log(), e);
        }
    }

    private BrokerExitedException failure(String message, int exitCode) {
        return new BrokerExitedException(message, Map.of("exit-code", exitCode, "log", files.log()),
                LogTail.lastLines(files.log(), LogTail.DEFAULT_LINES));
    }

    private static Optional<Long> parsePid(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
