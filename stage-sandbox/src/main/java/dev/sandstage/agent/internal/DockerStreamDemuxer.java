package dev.sandstage.agent.internal;

import dev.sandstage.agent.AgentProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stdout of a container attached without a TTY: Docker multiplexes stdout and stderr as
 * frames of {@code u8 stream | 3 zero bytes | u32 big-endian size | payload}. This stream
 * yields the stdout bytes and logs stderr lines (agent diagnostics). Read by one thread only,
 * the {@code AgentClient} reader.
 */
public final class DockerStreamDemuxer extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sandstage.agent.AgentStderr");
    private static final int MAX_LINE = 4096;

    private final InputStream in;
    private final String name;
    private final StringBuilder stderrLine = new StringBuilder();
    private long remaining;

    public DockerStreamDemuxer(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (remaining == 0) {
            if (!nextStdoutFrame()) {
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new AgentProtocolException("the attach stream ended inside a stdout frame", Map.of("agent", name));
        }
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean nextStdoutFrame() throws IOException {
        byte[] h = in.readNBytes(8);
        if (h.length == 0) {
            return false;
        }
        if (h.length < 8) {
            throw new AgentProtocolException("the attach stream ended inside a multiplex header", Map.of("agent", name));
        }
        long size = ((h[4] & 0xFFL) << 24) | ((h[5] & 0xFFL) << 16) | ((h[6] & 0xFFL) << 8) | (h[7] & 0xFFL);
        switch (h[0]) {
            case 1 -> remaining = size;
            case 2 -> logStderr(in.readNBytes((int) size));
            default -> in.skipNBytes(size);
        }
        return true;
    }

    private void logStderr(byte[] chunk) {
        for (char c : new String(chunk, StandardCharsets.UTF_8).toCharArray()) {
            if (c == '\n' || stderrLine.length() >= MAX_LINE) {
                LOG.info("{}: {}", name, stderrLine);
                stderrLine.setLength(0);
            }
            if (c != '\n') {
                stderrLine.append(c);
            }
        }
    }
}
