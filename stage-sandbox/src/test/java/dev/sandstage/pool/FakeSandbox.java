package dev.sandstage.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sandbox without a container: a workspace that survives {@link #recycle} and is wiped by
 * {@link #reset}, switchable health, and a record of which threads called it.
 */
final class FakeSandbox implements Sandbox {

    private final SandboxCreateRequest request;
    private final FakeSandboxFactory factory;
    final List<String> workspace = new CopyOnWriteArrayList<>();
    final List<String> callerThreads = new CopyOnWriteArrayList<>();
    final AtomicInteger recycles = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    volatile boolean healthy = true;
    volatile boolean recycleWorks = true;
    volatile boolean resetWorks = true;
    volatile boolean destroyed;

    FakeSandbox(SandboxCreateRequest request, FakeSandboxFactory factory) {
        this.request = request;
        this.factory = factory;
    }

    SandboxCreateRequest request() {
        return request;
    }

    @Override
    public String id() {
        return request.sandboxId();
    }

    @Override
    public String containerId() {
        return "container-" + request.sandboxId();
    }

    @Override
    public SandboxClass sandboxClass() {
        return request.sandboxClass();
    }

    @Override
    public boolean ping(Duration timeout) {
        callerThreads.add(Thread.currentThread().getName());
        pings.incrementAndGet();
        return healthy;
    }

    @Override
    public boolean recycle(Duration timeout) {
        callerThreads.add(Thread.currentThread().getName());
        recycles.incrementAndGet();
        if (!recycleWorks) {
            throw new IllegalStateException("agent did not say READY");
        }
        return true;
    }

    @Override
    public boolean reset(Duration timeout) {
        callerThreads.add(Thread.currentThread().getName());
        resets.incrementAndGet();
        workspace.clear();
        return resetWorks;
    }

    @Override
    public void destroy() {
        callerThreads.add(Thread.currentThread().getName());
        if (!destroyed) {
            destroyed = true;
            factory.destroyed(this);
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
