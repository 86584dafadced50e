package dev.sandstage.stage.internal;

import dev.sandstage.config.TopicSettings;
import dev.sandstage.error.SandstageFatalException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Checks at start that the topics the stage reads exist and that the journal has as many
 * partitions as the decisions topic (recovery reads journal partition p for decisions partition
 * p). The CLI creates the topics; the stage only checks. Blocking; called once while starting.
 */
public final class TopicCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicCheck() {}

    /** @throws SandstageFatalException naming both topics and their counts when they differ or are missing */
    public static void requireJournalMatchesDecisions(Map<String, Object> clientProperties, TopicSettings topics) {
        try (Admin admin = Admin.create(clientProperties)) {
            Map<String, TopicDescription> found = admin.describeTopics(List.of(topics.decisions(), topics.journal()))
                    .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int decisions = found.get(topics.decisions()).partitions().size();
            int journal = found.get(topics.journal()).partitions().size();
            if (decisions != journal) {
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("topics.decisions", topics.decisions() + " (" + decisions + " partitions)");
                context.put("topics.journal", topics.journal() + " (" + journal + " partitions)");
                throw new SandstageFatalException("the journal topic must have as many partitions as the decisions"
                        + " topic, because recovery reads journal partition p for decisions partition p", context);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new SandstageFatalException("cannot describe the decisions and journal topics (the CLI creates them): "
                    + cause.getMessage(), Map.of("topics.decisions", topics.decisions(), "topics.journal",
                    topics.journal()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandstageFatalException("interrupted while checking topics", Map.of(), e);
        }
    }
}
