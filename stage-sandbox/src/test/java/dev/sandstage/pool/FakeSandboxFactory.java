package dev.sandstage.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SandboxFactory} that makes {@link FakeSandbox}es: can fail the next creates, hold
 * creates at a gate, fail orphan removal, and records the order of calls and the peak number of
 * live sandboxes.
 */
final class FakeSandboxFactory implements SandboxFactory {

    final List<FakeSandbox> created = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> createThreads = new CopyOnWriteArrayList<>();
    final AtomicInteger failNextCreates = new AtomicInteger();
    final AtomicInteger peakLive = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    volatile CountDownLatch gate;
    volatile RuntimeException orphanFailure;
    volatile int orphansToReport;

    @Override
    public Sandbox create(SandboxCreateRequest request) {
        calls.add("create " + request.sandboxId());
        createThreads.add(Thread.currentThread().getName());
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failNextCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("engine refused to create " + request.sandboxId());
        }
        FakeSandbox sandbox = new FakeSandbox(request, this);
        created.add(sandbox);
        int now = live.incrementAndGet();
        peakLive.accumulateAndGet(now, Math::max);
        return sandbox;
    }

    @Override
    public int removeOrphans(String instanceId) {
        calls.add("removeOrphans " + instanceId);
        RuntimeException failure = orphanFailure;
        if (failure != null) {
            throw failure;
        }
        return orphansToReport;
    }

    void destroyed(FakeSandbox sandbox) {
        calls.add("destroy " + sandbox.id());
        live.decrementAndGet();
    }

    int live() {
        return live.get();
    }

    List<FakeSandbox> alive() {
        return created.stream().filter(s -> !s.destroyed).toList();
    }
}
