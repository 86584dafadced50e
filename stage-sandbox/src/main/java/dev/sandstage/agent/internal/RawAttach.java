package dev.sandstage.agent.internal;

import dev.sandstage.agent.AgentProtocolException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The attach endpoint spoken directly over the engine's unix socket: {@code POST
 * /containers/{id}/attach} with {@code Upgrade: tcp}, after which the connection carries raw
 * stdin one way and multiplexed stdout/stderr the other. One connection per container; the
 * returned streams are used by one writer thread and one reader thread.
 */
public final class RawAttach {

    /** The open connection: write stdin to {@code toContainer}, read stdout from {@code fromContainer}. */
    public record Streams(SocketChannel channel, InputStream fromContainer, OutputStream toContainer) {}

    private RawAttach() {}

    public static Streams open(Path socket, String containerId) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        try {
            OutputStream out = new ChannelOutput(channel);
            String request = "POST /containers/" + containerId + "/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(new ChannelInput(channel), 64 * 1024);
            String status = readLine(in);
            while (!readLine(in).isEmpty()) {
                // Headers carry nothing we need; the status line says whether the upgrade happened.
            }
            if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.1 200")) {
                throw new AgentProtocolException("the engine refused to attach: " + status + " "
                        + new String(in.readNBytes(512), StandardCharsets.UTF_8).strip(),
                        Map.of("container", containerId));
            }
            return new Streams(channel, in, out);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the engine closed the attach connection during the HTTP handshake");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /*
     * Own stream adapters: Channels.newInputStream/newOutputStream may hold the channel's
     * blocking lock for a whole read, which would stall a concurrent write of the next request.
     */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
