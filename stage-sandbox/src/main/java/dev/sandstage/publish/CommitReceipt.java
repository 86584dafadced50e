package dev.sandstage.publish;

import java.time.Duration;

/**
 * What one {@link TransactionalPublisher#commit} did: for metrics (transaction commit latency)
 * and logs. Immutable.
 *
 * @param records    records the transaction carried
 * @param partitions consumer partitions whose offsets it committed
 * @param latency    from the commit call until the broker acknowledged it (zero when nothing was committed)
 */
public record CommitReceipt(int records, int partitions, Duration latency) {

    /** Nothing was staged and no offset moved, so no transaction was needed. */
    public static final CommitReceipt NOTHING = new CommitReceipt(0, 0, Duration.ZERO);
}
