package dev.sandstage.image.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a Docker build context as a tar stream: each entry maps a path in the context to a file
 * or directory on disk, walked in sorted order. File modes are kept (the runtime's
 * {@code bin/java} stays executable), symbolic links stay links, owners are root (COPY makes
 * them root-owned anyway unless {@code --chown} says otherwise). Single-thread.
 */
public final class ContextTar {

    private ContextTar() {}

    /** Writes {@code entries} (context path to source) to {@code out}, and finishes the archive. */
    public static void write(Map<String, Path> entries, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Map.Entry<String, Path> e : entries.entrySet()) {
                add(tar, e.getKey(), e.getValue());
            }
            tar.finish();
        }
    }

    /** Every regular file under {@code source} (itself when it is a file), sorted, links not followed. */
    public static List<Path> files(Path source) throws IOException {
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(source);
        }
        try (Stream<Path> walk = Files.walk(source)) {
            return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    /** The file's permission bits as an octal mode, e.g. {@code 0755}. */
    public static int mode(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if (perms.contains(p)) {
                mode |= 1 << (8 - p.ordinal());
            }
        }
        return mode;
    }

    private static void add(TarArchiveOutputStream tar, String name, Path source) throws IOException {
        if (Files.isSymbolicLink(source)) {
            TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            link.setLinkName(Files.readSymbolicLink(source).toString());
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        } else if (Files.isDirectory(source)) {
            TarArchiveEntry dir = new TarArchiveEntry(name + "/");
            dir.setMode(TarArchiveEntry.DEFAULT_DIR_MODE);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            try (Stream<Path> children = Files.list(source)) {
                for (Path child : children.sorted().toList()) {
                    add(tar, name + "/" + child.getFileName(), child);
                }
            }
        } else {
            TarArchiveEntry file = new TarArchiveEntry(name);
            file.setMode(mode(source));
            file.setSize(Files.size(source));
            tar.putArchiveEntry(file);
            Files.copy(source, tar);
            tar.closeArchiveEntry();
        }
    }
}
