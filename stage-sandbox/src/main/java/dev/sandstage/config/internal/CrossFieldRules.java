package dev.sandstage.config.internal;

import static dev.sandstage.config.StageConfigKeys.*;

import dev.sandstage.config.ConfigKey;
import dev.sandstage.config.ConfigProblem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule that involves more than one key, in one place. Runs after each key parsed on its own;
 * a rule whose keys did not parse is skipped (their own problems are already recorded). Called by
 * the loader on the starting thread; stateless.
 */
public final class CrossFieldRules {

    private static final List<ConfigKey<String>> TOPICS = List.of(TOPICS_DECISIONS, TOPICS_RESULTS, TOPICS_AUDIT,
            TOPICS_DLQ, TOPICS_JOURNAL);

    private CrossFieldRules() {}

    public static void check(ParsedValues v, List<ConfigProblem> problems) {
        distinctTopics(v, problems);
        if (v.has(STAGE_COMMIT_INTERVAL) && v.has(STAGE_SHUTDOWN_GRACE)
                && v.get(STAGE_COMMIT_INTERVAL).compareTo(v.get(STAGE_SHUTDOWN_GRACE)) > 0) {
            problems.add(new ConfigProblem(STAGE_COMMIT_INTERVAL.name(), v.text(STAGE_COMMIT_INTERVAL),
                    "must not be longer than stage.shutdown-grace (" + v.text(STAGE_SHUTDOWN_GRACE)
                            + "), or the last results could not be committed on shutdown"));
        }
        if (v.has(POOL_WORKER_THREADS) && v.has(POOL_GLOBAL_MAX)
                && v.get(POOL_WORKER_THREADS) > v.get(POOL_GLOBAL_MAX) * 4) {
            // Each sandbox needs at most a few blocking calls at once; more threads only idle.
            problems.add(new ConfigProblem(POOL_WORKER_THREADS.name(), v.text(POOL_WORKER_THREADS),
                    "must be at most 4 x pool.global-max (" + v.get(POOL_GLOBAL_MAX) * 4 + ")"));
        }
    }

    private static void distinctTopics(ParsedValues v, List<ConfigProblem> problems) {
        Map<String, String> seen = new HashMap<>();
        for (ConfigKey<String> key : TOPICS) {
            if (!v.has(key)) {
                continue;
            }
            String earlier = seen.putIfAbsent(v.get(key), key.name());
            if (earlier != null) {
                problems.add(new ConfigProblem(key.name(), v.get(key), "is the same topic as " + earlier
                        + "; every topic must be distinct"));
            }
        }
    }
}
