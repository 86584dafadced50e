package dev.sandstage.pool;

import static dev.sandstage.pool.PoolFixture.config;
import static dev.sandstage.pool.PoolFixture.get;
import static dev.sandstage.pool.PoolFixture.python;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxPoolConcurrencyTest {

    private static final int CALLERS = 8;
    private static final int CALLS_EACH = 150;

    private final PoolFixture f = new PoolFixture();

    @AfterEach
    void closePool() {
        f.close();
    }

    @Test
    void concurrentCallersNeverShareASandboxOrExceedTheCapsAndCloseLeavesNothing() throws Exception {
        SandboxClass node = SandboxClass.of("node", "sandstage/base:bookworm", 1, 3).withMaxUses(5);
        // Two sessions per class pin at most two sandboxes each, so every class keeps room for anonymous
        // callers: pins hold their sandbox until the session idles out, and this clock never moves.
        f.startWarm(config(6, python(1, 3).withMaxUses(7), node));
        Set<Sandbox> inUse = ConcurrentHashMap.newKeySet();
        List<String> violations = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS, r -> new Thread(r, "test-caller"));
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            done.add(callers.submit(() -> {
                for (int i = 0; i < CALLS_EACH; i++) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    String cls = random.nextBoolean() ? "python" : "node";
                    Optional<String> session = random.nextInt(4) == 0 ? Optional.of("s" + caller % 2) : Optional.empty();
                    SandboxLease lease = get(f.pool.acquire(cls, session));
                    if (!inUse.add(lease.sandbox())) {
                        synchronized (violations) {
                            violations.add(lease.sandbox().id() + " leased twice");
                        }
                    }
                    inUse.remove(lease.sandbox());
                    f.pool.release(lease, random.nextInt(10) == 0
                            ? ReleaseOutcome.destroy(DestroyReason.TIMED_OUT) : ReleaseOutcome.REUSE);
                }
                return null;
            }));
        }
        for (Future<?> d : done) {
            try {
                d.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("a caller failed; pool: " + f.pool.snapshot(), e);
            }
        }
        callers.shutdown();

        assertThat(violations).isEmpty();
        assertThat(f.factory.peakLive.get()).isLessThanOrEqualTo(6);
        assertThat(f.pool.snapshot().classes()).allSatisfy(c -> assertThat(c.total()).isLessThanOrEqualTo(3));
        get(f.pool.close());
        assertThat(f.factory.live()).isZero();
        assertThat(f.pool.snapshot().total()).isZero();
    }
}
