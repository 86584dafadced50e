package dev.sandstage.broker.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * An exclusive OS lock on a file in the broker's directory, so that only one process runs the
 * broker of a state directory at a time. The lock file holds the owner's process id, which the
 * next contender puts in its error message. The OS drops the lock when the owner dies, even by
 * {@code kill -9}.
 *
 * <p>Acquired and released by {@code EmbeddedKafka}; {@link #release} is safe from any thread.
 */
public final class StateLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once, naming the process that holds it. */
    public static StateLock acquire(Path file, Path stateDir) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String owner = BrokerFiles.read(file).map(String::strip).orElse("");
                channel.close();
                throw new SandstageFatalException(
                        "another sandstage process is already running the Kafka broker of this state directory"
                                + " (stop it first, or set SANDSTAGE_HOME to another directory)",
                        Map.of("state", stateDir, "pid", owner.isEmpty() ? "unknown" : owner));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new StateLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** Drops the lock; idempotent. */
    public void release() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the broker lock", e);
        }
    }

    @Override
    public void close() {
        release();
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // The same JVM already holds it (two EmbeddedKafka on one state directory).
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already failing with the original error.
        }
    }
}
