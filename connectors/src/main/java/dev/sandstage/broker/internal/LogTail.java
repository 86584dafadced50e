package dev.sandstage.broker.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the last lines of a log file without reading all of it, to show why the broker died.
 * Stateless; blocking file I/O on the caller's thread.
 */
public final class LogTail {

    /** How many lines an error report shows. */
    public static final int DEFAULT_LINES = 30;

    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {}

    /** Up to {@code lines} last lines of {@code file}; empty when the file is missing or unreadable. */
    public static List<String> lastLines(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }
}
