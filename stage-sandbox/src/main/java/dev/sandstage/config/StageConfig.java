package dev.sandstage.config;

/**
 * The stage's whole configuration, parsed and validated: produced once at start by
 * {@link StageConfigLoader#load} and handed to every component. Every value here has passed its
 * key's rules and the cross-field rules. Immutable; any thread.
 */
public record StageConfig(KafkaSettings kafka, TopicSettings topics, StageSettings stage, VerifyConfig verify,
        CatalogConfig catalog, PoolSettings pool, HttpSettings http, AuditSettings audit, LogFormat logFormat) {}
