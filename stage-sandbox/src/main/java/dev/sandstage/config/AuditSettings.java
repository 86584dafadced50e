package dev.sandstage.config;

/**
 * What audit events may contain ({@code audit.*}). Immutable; any thread.
 *
 * @param includeArguments copy raw {@code arguments_json} into audit events
 */
public record AuditSettings(boolean includeArguments) {}
