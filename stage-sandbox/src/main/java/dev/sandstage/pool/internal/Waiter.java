package dev.sandstage.pool.internal;

import dev.sandstage.pool.SandboxLease;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * One acquire waiting for a sandbox: in its class's queue, or in a pinned sandbox's session queue.
 * Its promise is completed exactly once (served, expired or failed at close), guarded by
 * {@link #done}. Fields other than the final ones are guarded by the pool lock.
 */
final class Waiter {

    final ClassLedger owner;
    final Optional<String> session;
    final Instant enqueuedAt;
    final Instant deadlineAt;
    final Promise<SandboxLease> promise = Promise.promise();
    ScheduledFuture<?> timer;
    boolean done;

    Waiter(ClassLedger owner, Optional<String> session, Instant enqueuedAt, Duration deadline) {
        this.owner = owner;
        this.session = session;
        this.enqueuedAt = enqueuedAt;
        this.deadlineAt = enqueuedAt.plus(deadline);
    }

    /** Marks it done and stops its deadline timer; false when it already was done. */
    boolean finish() {
        if (done) {
            return false;
        }
        done = true;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }
}
