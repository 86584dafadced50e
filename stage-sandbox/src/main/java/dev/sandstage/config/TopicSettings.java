package dev.sandstage.config;

/**
 * The topic names ({@code topics.*}) and the partition count used when the stage creates missing
 * topics. Immutable; any thread.
 */
public record TopicSettings(String decisions, String results, String audit, String dlq, String journal,
        int partitions) {}
