package dev.sandstage.agent;

import dev.sandstage.agent.internal.FrameReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking client of one agent over a pair of streams: the agent's stdout ({@code fromAgent})
 * and stdin ({@code toAgent}). Obtained from {@link AgentAttachment} for containers, or built
 * directly over a child process's pipes.
 *
 * <p>Threads: one caller at a time (methods are synchronized); the pool's execution thread
 * calls {@link #run}, and may hand the same client to a background thread for
 * {@link #awaitReady} after the result is out. A private daemon thread,
 * {@code sandstage-agent-<name>}, owns {@code fromAgent} and turns bytes into frames so that
 * every call can honour its deadline.
 *
 * <p>Failure: a deadline that passes, a stream that ends, a malformed frame or an ERROR answer
 * throws {@link AgentProtocolException} and leaves the client broken: every later call throws
 * the same. The pool then destroys the container.
 */
public final class AgentClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentClient.class);

    private final String name;
    private final OutputStream toAgent;
    private final AutoCloseable resource;
    private final BlockingQueue<Object> inbox = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private volatile boolean closed;
    private boolean readyPending;
    private AgentProtocolException broken;
    private long nextNonce = System.nanoTime();

    /** A client over {@code fromAgent}/{@code toAgent}; {@code resource} is closed with it. */
    public AgentClient(String name, InputStream fromAgent, OutputStream toAgent, AutoCloseable resource) {
        this.name = name;
        this.toAgent = toAgent;
        this.resource = resource;
        this.reader = Thread.ofPlatform().daemon().name("sandstage-agent-" + name)
                .start(() -> readLoop(fromAgent));
    }

    public AgentClient(String name, InputStream fromAgent, OutputStream toAgent) {
        this(name, fromAgent, toAgent, () -> { });
    }

    /** Runs one call; returns as soon as the agent reports the result, before its cleanup. */
    public synchronized RunResult run(RunRequest request, Duration deadline) {
        long end = deadlineNanos(deadline);
        settleReady(end);
        send(new AgentFrame.Run(request));
        AgentFrame.Result result = expect(AgentFrame.Result.class, end, "RESULT");
        readyPending = true;
        return result.result();
    }

    /** Waits for the READY that follows a run; returns at once when none is pending. */
    public synchronized void awaitReady(Duration deadline) {
        settleReady(deadlineNanos(deadline));
    }

    /** True when a run's cleanup has not been confirmed yet. */
    public synchronized boolean readyPending() {
        return readyPending;
    }

    /** Round trip to the agent; returns the time it took. */
    public synchronized Duration ping(Duration deadline) {
        long end = deadlineNanos(deadline);
        settleReady(end);
        long nonce = ++nextNonce;
        long start = System.nanoTime();
        send(new AgentFrame.Ping(nonce));
        AgentFrame.Pong pong = expect(AgentFrame.Pong.class, end, "PONG");
        if (pong.nonce() != nonce) {
            throw fail(new AgentProtocolException("PONG answers nonce " + pong.nonce() + ", expected " + nonce,
                    Map.of("agent", name)));
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Kills every process but the agent and wipes the writable paths, workspace included. */
    public synchronized void reset(Duration deadline) {
        long end = deadlineNanos(deadline);
        settleReady(end);
        send(new AgentFrame.Reset());
        expect(AgentFrame.Ready.class, end, "READY");
    }

    /** Closes both streams; a local agent sees EOF and exits, a container's agent keeps running. */
    @Override
    public void close() {
        closed = true;
        try (AutoCloseable r = resource; OutputStream out = toAgent) {
            reader.interrupt();
        } catch (Exception e) {
            LOG.debug("closing agent {} streams", name, e);
        }
    }

    private void settleReady(long end) {
        requireUsable();
        if (readyPending) {
            expect(AgentFrame.Ready.class, end, "READY");
            readyPending = false;
        }
    }

    private void send(AgentFrame frame) {
        requireUsable();
        try {
            toAgent.write(AgentFrameCodec.encode(frame));
            toAgent.flush();
        } catch (IOException e) {
            throw fail(new AgentProtocolException("cannot write " + AgentFrameCodec.typeName(frame.type())
                    + " to the agent", Map.of("agent", name), e));
        }
    }

    private <T extends AgentFrame> T expect(Class<T> type, long end, String what) {
        Object next;
        try {
            next = inbox.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new AgentProtocolException("interrupted waiting for " + what, Map.of("agent", name), e));
        }
        if (next == null) {
            throw fail(new AgentProtocolException("the agent did not answer " + what + " before the deadline",
                    Map.of("agent", name)));
        }
        if (next instanceof AgentProtocolException e) {
            throw fail(e);
        }
        if (next instanceof AgentFrame.Error error) {
            throw fail(new AgentProtocolException("the agent answered ERROR: " + error.message(),
                    Map.of("agent", name, "expected", what)));
        }
        if (!type.isInstance(next)) {
            throw fail(new AgentProtocolException("expected " + what + " but the agent sent "
                    + AgentFrameCodec.typeName(((AgentFrame) next).type()), Map.of("agent", name)));
        }
        return type.cast(next);
    }

    private void requireUsable() {
        if (broken != null) {
            throw broken;
        }
        if (closed) {
            throw new AgentProtocolException("agent client is closed", Map.of("agent", name));
        }
    }

    private AgentProtocolException fail(AgentProtocolException e) {
        broken = e;
        return e;
    }

    private void readLoop(InputStream in) {
        Object last;
        try (in) {
            AgentFrame frame;
            while ((frame = FrameReader.read(in)) != null) {
                inbox.put(frame);
            }
            last = new AgentProtocolException("the agent's stream ended", Map.of("agent", name));
        } catch (AgentProtocolException e) {
            last = e;
        } catch (IOException e) {
            last = new AgentProtocolException("reading from the agent failed", Map.of("agent", name), e);
        } catch (InterruptedException e) {
            return;
        }
        if (!closed) {
            // Offer, not put: the caller may never come back, and this thread must end.
            inbox.offer(last);
        }
    }

    private static long deadlineNanos(Duration deadline) {
        return System.nanoTime() + deadline.toNanos();
    }
}
