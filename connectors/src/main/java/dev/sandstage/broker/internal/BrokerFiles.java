package dev.sandstage.broker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * The layout of {@code <state>/kafka/}, the embedded broker's directory, and small file
 * helpers. The broker runs with this directory as its working directory.
 *
 * <pre>
 * server.properties  broker configuration, rendered on the first start
 * logback.xml        the broker's log configuration, written when missing
 * cluster.id         the KRaft cluster id chosen on the first start
 * data/              log.dirs (formatted once; data/meta.properties marks it)
 * broker.log         everything the broker (and the storage tool) printed
 * broker.pid         process id of the running broker
 * broker.jsa         the broker JVM's class-data archive (made on the first start)
 * bootstrap          the bootstrap address, present only while the broker is ready
 * sandstage.lock     held by the process that runs the broker
 * </pre>
 *
 * <p>Immutable; the helpers do blocking file I/O on the caller's thread.
 */
public record BrokerFiles(Path dir) {

    public Path serverProperties() {
        return dir.resolve("server.properties");
    }

    public Path logbackConfig() {
        return dir.resolve("logback.xml");
    }

    public Path clusterIdFile() {
        return dir.resolve("cluster.id");
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    /** Written by the storage tool; its presence means the storage is formatted. */
    public Path metaProperties() {
        return dataDir().resolve("meta.properties");
    }

    public Path log() {
        return dir.resolve("broker.log");
    }

    public Path pidFile() {
        return dir.resolve("broker.pid");
    }

    public Path classDataArchive() {
        return dir.resolve("broker.jsa");
    }

    public Path bootstrapFile() {
        return dir.resolve("bootstrap");
    }

    public Path lockFile() {
        return dir.resolve("sandstage.lock");
    }

    /** The persisted cluster id, chosen (and persisted) now when there is none yet. */
    public String clusterId() {
        Optional<String> existing = read(clusterIdFile()).map(String::strip).filter(s -> !s.isEmpty());
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = Uuid.randomUuid().toString();
        writeAtomically(clusterIdFile(), id + "\n");
        return id;
    }

    /** Copies the bundled broker log configuration unless the user already has one. */
    public void writeLogbackConfigIfMissing() {
        if (Files.exists(logbackConfig())) {
            return;
        }
        try (InputStream in = BrokerFiles.class.getResourceAsStream("broker-logback.xml")) {
            if (in == null) {
                throw new IllegalStateException("broker-logback.xml is missing from the connectors jar");
            }
            writeAtomically(logbackConfig(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logbackConfig(), e);
        }
    }

    /** The file's text, or empty when it does not exist. */
    public static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Replaces the file in one step, so a reader sees the old content or the new, never a part. */
    public static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
