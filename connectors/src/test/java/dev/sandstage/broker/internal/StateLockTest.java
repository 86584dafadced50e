package dev.sandstage.broker.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.SandstageFatalException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLockTest {

    @TempDir
    Path dir;

    @Test
    void secondAcquireFailsNamingTheOwnerProcess() {
        StateLock held = StateLock.acquire(dir.resolve("lock"), dir);
        try {
            assertThatThrownBy(() -> StateLock.acquire(dir.resolve("lock"), dir))
                    .isInstanceOf(SandstageFatalException.class)
                    .hasMessageContaining("already running")
                    .hasMessageContaining("pid=" + ProcessHandle.current().pid());
        } finally {
            held.release();
        }
    }

    @Test
    void canBeAcquiredAgainAfterRelease() {
        StateLock.acquire(dir.resolve("lock"), dir).release();

        StateLock.acquire(dir.resolve("lock"), dir).release();
    }
}
