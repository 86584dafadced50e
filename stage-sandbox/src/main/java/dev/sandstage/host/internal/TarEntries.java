package dev.sandstage.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the first regular file of a tar stream (what {@code GET /containers/{id}/archive} returns
 * for one file), enough of ustar/GNU tar for that. Stateless.
 */
final class TarEntries {

    private static final int BLOCK = 512;

    private TarEntries() {}

    /** The content of the first regular file in {@code tar}. */
    static byte[] firstFile(InputStream tar) throws IOException {
        while (true) {
            byte[] header = tar.readNBytes(BLOCK);
            if (header.length < BLOCK || header[0] == 0) {
                throw new IOException("no regular file in the archive");
            }
            long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII)
                    .replace("\0", "").strip(), 8);
            byte type = header[156];
            if (type == '0' || type == 0) {
                byte[] content = tar.readNBytes((int) size);
                if (content.length != size) {
                    throw new IOException("archive ends inside a file");
                }
                return content;
            }
            tar.skipNBytes((size + BLOCK - 1) / BLOCK * BLOCK);
        }
    }
}
