package dev.sandstage.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void returnsTheLastLinesInOrder() throws Exception {
        Path log = dir.resolve("broker.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogTail.lastLines(log, 3)).containsExactly("line 98", "line 99", "line 100");
    }

    @Test
    void missingFileHasNoLines() {
        assertThat(LogTail.lastLines(dir.resolve("absent.log"), 3)).isEmpty();
    }
}
