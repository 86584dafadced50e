package dev.sandstage.host.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs host programs for the host verbs: short probes whose output is captured, and long steps
 * (apt-get, debootstrap) whose lines are forwarded as they come, each with a step prefix.
 *
 * <p>Stateless; every method blocks the calling thread (the CLI's main thread) until the
 * program ends. stderr is merged into stdout, so no second reader thread is needed.
 */
public final class Processes {

    /** Where root's programs live even when the caller's PATH lacks the sbin directories. */
    private static final List<String> EXTRA_PATH = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    private Processes() {}

    /** A finished program: its exit code and its combined output. */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }

        public String firstLine() {
            String trimmed = output.strip();
            int nl = trimmed.indexOf('\n');
            return nl < 0 ? trimmed : trimmed.substring(0, nl);
        }
    }

    /** The program's absolute path, looked up on PATH and the sbin directories. */
    public static Optional<Path> which(String program) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_PATH);
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** Runs a short program and captures its output; empty when the program cannot start. */
    public static Optional<Result> capture(List<String> command) {
        Optional<List<String>> resolved = resolve(command);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(resolved.get()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return Optional.of(new Result(waitFor(process), output));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs a long step, forwarding each output line to {@code out} as {@code "[prefix] line"}.
     *
     * @return the exit code
     * @throws SandstageFatalException when the program cannot start
     */
    public static int stream(String prefix, List<String> command, Map<String, String> extraEnv,
            Consumer<String> out) {
        List<String> resolved = resolve(command).orElseThrow(() -> new SandstageFatalException(
                "program not found", Map.of("program", command.get(0))));
        out.accept("[" + prefix + "] $ " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(resolved).redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    out.accept("[" + prefix + "] " + line);
                }
            }
            return waitFor(process);
        } catch (IOException e) {
            throw new SandstageFatalException("cannot run " + command.get(0), Map.of("step", prefix), e);
        }
    }

    private static Optional<List<String>> resolve(List<String> command) {
        Optional<Path> program = command.get(0).contains("/")
                ? Optional.of(Path.of(command.get(0)))
                : which(command.get(0));
        return program.map(p -> {
            List<String> resolved = new ArrayList<>(command);
            resolved.set(0, p.toString());
            return resolved;
        });
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }
}
