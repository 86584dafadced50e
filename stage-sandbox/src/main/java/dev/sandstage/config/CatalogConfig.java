package dev.sandstage.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the tool catalog comes from ({@code catalog.path}): a YAML file, or the built-in default
 * catalog when empty. Immutable; any thread.
 */
public record CatalogConfig(Optional<Path> path) {}
