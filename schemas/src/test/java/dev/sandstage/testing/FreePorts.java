package dev.sandstage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for a child process that must be told its ports up front (a test that can let
 * the server pick, with port 0, should). Two sources of chance failures are closed: the ports of
 * one call are distinct (each probe socket stays open until all are chosen, so the kernel cannot
 * hand out the same port twice), and they lie below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 and up by default), which every outgoing
 * connection on this shared machine draws its local port from. A port returned by
 * {@code new ServerSocket(0)} comes from that range and can be taken by any client's connect
 * between the probe and the child's bind.
 *
 * <p>Threads: any; the probes are independent.
 */
public final class FreePorts {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final int ATTEMPTS = 1_000;

    private FreePorts() {}

    /** {@code n} distinct ports that were free on 127.0.0.1 a moment ago. */
    public static List<Integer> pick(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < ATTEMPTS && held.size() < n; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
                try {
                    held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                } catch (IOException inUse) {
                    // taken: try another
                }
            }
            if (held.size() < n) {
                throw new IllegalStateException("no " + n + " free ports in [" + LOW + ", " + HIGH + ") after "
                        + ATTEMPTS + " attempts");
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** One port that was free on 127.0.0.1 a moment ago. */
    public static int pick() {
        return pick(1).getFirst();
    }
}
