package dev.sandstage.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts a tool's side effects without asking the stage: the tool replaces itself with a process
 * whose {@code argv[0]} is {@code <prefix><token>}, and since runc containers share the host's
 * kernel, that process is visible in the host's {@code /proc}. A thread ({@code sidefx-watcher})
 * scans {@code /proc} every {@link #INTERVAL_MILLIS} ms and records, per token, every distinct
 * process (pid plus its start time from {@code /proc/<pid>/stat}, so a reused pid counts again).
 * Each process it records gets a SIGTERM: a side-effect process that blocks SIGTERM and waits for
 * one lives until it was seen, however long this thread was kept from running, so no run goes
 * unseen (a process that does not wait must live several intervals to be seen reliably).
 *
 * <p>Threads: the watcher thread writes; the test thread reads through {@link #runs()} and
 * {@link #runningNow()}.
 */
final class SideEffectWatcher implements AutoCloseable {

    static final long INTERVAL_MILLIS = 20;

    private final String prefix;
    private final Map<String, Set<String>> runs = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile int runningNow;
    private volatile boolean stopped;

    SideEffectWatcher(String prefix) {
        this.prefix = prefix;
        this.thread = new Thread(this::watch, "sidefx-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Token to the distinct processes ({@code pid@starttime}) seen for it so far. */
    Map<String, Set<String>> runs() {
        Map<String, Set<String>> copy = new ConcurrentHashMap<>();
        runs.forEach((token, processes) -> copy.put(token, Set.copyOf(processes)));
        return copy;
    }

    /** Side-effect processes alive at the last scan. */
    int runningNow() {
        return runningNow;
    }

    private void watch() {
        while (!stopped) {
            long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS);
            scan();
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private void scan() {
        int alive = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                String token = token(proc);
                String startTime = token == null ? null : startTime(proc);
                if (startTime != null) {
                    runs.computeIfAbsent(token, t -> ConcurrentHashMap.newKeySet())
                            .add(proc.getFileName() + "@" + startTime);
                    alive++;
                    acknowledge(proc);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        runningNow = alive;
    }

    /** The token of a side-effect process, or null for any other process (or one that just ended). */
    private String token(Path proc) {
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(proc.resolve("cmdline"));
        } catch (IOException e) {
            return null;
        }
        int end = 0;
        while (end < cmdline.length && cmdline[end] != 0) {
            end++;
        }
        String argv0 = new String(cmdline, 0, end, StandardCharsets.UTF_8);
        return argv0.startsWith(prefix) ? argv0.substring(prefix.length()) : null;
    }

    /** SIGTERM (ProcessHandle.destroy), which the side-effect process waits for: "you were seen". */
    private static void acknowledge(Path proc) {
        ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(ProcessHandle::destroy);
    }

    /** Field 22 of {@code /proc/<pid>/stat}, in clock ticks since boot; fields start after the last ')'. */
    private static String startTime(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[22 - 3];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
