package dev.sandstage.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Verification settings as configured ({@code verify.*}); the verify component turns them into its
 * own settings. Immutable; any thread.
 *
 * @param signatureRequired reject unsigned decisions
 * @param clockSkew tolerance on {@code expires_at}
 * @param keysDir directory of verification keys
 * @param maxArgumentsBytes largest {@code arguments_json} accepted
 */
public record VerifyConfig(boolean signatureRequired, Duration clockSkew, Path keysDir, long maxArgumentsBytes) {}
