package dev.sandstage.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.verify.internal.ArgumentsParser;
import dev.sandstage.verify.internal.ConstraintsCheck;
import dev.sandstage.verify.internal.SignatureCheck;
import dev.sandstage.verify.internal.Text;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a decoded decision may run: the stage's defence in depth behind the policy
 * engine. Checks run in this order, and the first failure is the verdict:
 * <ol>
 *   <li>{@code allowed} is true, else {@link Verdict.NotAllowed} (nothing else is checked, as
 *       nothing will run);</li>
 *   <li>signature: present when required ({@code SIGNATURE_MISSING}), a known algorithm
 *       ({@code SIGNATURE_ALGORITHM_UNSUPPORTED}), a configured key id
 *       ({@code SIGNATURE_KEY_UNKNOWN}) of that algorithm ({@code SIGNATURE_ALGORITHM_UNSUPPORTED}),
 *       and verifying ({@code SIGNATURE_INVALID}); before anything else is trusted;</li>
 *   <li>time: {@code expires_at + skew} not before now ({@code DECISION_EXPIRED}), then
 *       {@code issued_at} not after {@code now + skew} ({@code DECISION_FROM_FUTURE});</li>
 *   <li>replay: the decision id was not executed before ({@code DECISION_REPLAYED});</li>
 *   <li>tool: in the catalog ({@code TOOL_UNKNOWN});</li>
 *   <li>argument size: at most the smaller of the tool's and the global cap
 *       ({@code ARGUMENTS_TOO_LARGE}), checked before parsing so no large input is parsed;</li>
 *   <li>arguments parse as one strict JSON document ({@code ARGUMENTS_NOT_JSON});</li>
 *   <li>arguments validate against the tool's schema ({@code ARGUMENTS_SCHEMA_VIOLATION});</li>
 *   <li>constraints only tighten the tool's ceilings ({@code CONSTRAINTS_LOOSEN_LIMITS}).</li>
 * </ol>
 * Cheap, local checks that need no trust come first; the replay look-up comes after the
 * signature so unsigned junk never reaches the journal.
 *
 * <p>Called by the decision consumer for every decoded decision. Thread-safe when its
 * {@link ToolLookup} and {@link ReplayGuard} are: it holds no mutable state.
 */
public final class DecisionVerifier {

    private static final String NO_REASON = "the policy engine gave no reason";

    private final VerifierSettings settings;
    private final KeyRing keys;
    private final ToolLookup tools;
    private final ReplayGuard replays;
    private final Clock clock;

    public DecisionVerifier(VerifierSettings settings, KeyRing keys, ToolLookup tools, ReplayGuard replays, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.replays = Objects.requireNonNull(replays, "replays");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The verdict on {@code decision}; never throws for bad input, only for a failing guard or lookup. */
    public Verdict verify(ToolCallDecision decision) {
        if (!decision.getAllowed()) {
            String reason = decision.getReason();
            return new Verdict.NotAllowed(reason == null || reason.isBlank() ? NO_REASON : reason);
        }
        Optional<Verdict.Rejected> signature = SignatureCheck.check(decision, keys, settings.signatureRequired());
        if (signature.isPresent()) {
            return signature.get();
        }
        Verdict.Rejected time = checkTime(decision);
        if (time != null) {
            return time;
        }
        if (replays.seen(decision.getDecisionId())) {
            return reject(ErrorCode.DECISION_REPLAYED, "decision_id " + Text.quote(decision.getDecisionId())
                    + " was already executed");
        }
        Optional<VerifiableTool> tool = tools.find(decision.getTool());
        if (tool.isEmpty()) {
            return reject(ErrorCode.TOOL_UNKNOWN, "tool " + Text.quote(decision.getTool()) + " is not in the catalog");
        }
        return verifyCall(decision, tool.get());
    }

    private Verdict verifyCall(ToolCallDecision decision, VerifiableTool tool) {
        String json = decision.getArgumentsJson();
        long size = ArgumentsParser.utf8Length(json);
        long cap = Math.min(settings.maxArgumentsBytes(), tool.maxArgumentsBytes());
        if (size > cap) {
            String whose = cap == tool.maxArgumentsBytes() ? "tool " + Text.quote(tool.name()) + "'s" : "the stage's";
            return reject(ErrorCode.ARGUMENTS_TOO_LARGE, "arguments_json has " + size + " bytes, above " + whose
                    + " cap of " + cap + " bytes");
        }
        JsonNode arguments;
        try {
            arguments = ArgumentsParser.parse(json);
        } catch (ArgumentsParser.NotJsonException e) {
            return reject(ErrorCode.ARGUMENTS_NOT_JSON, e.getMessage());
        }
        List<String> schemaErrors = tool.validateArguments(arguments);
        if (!schemaErrors.isEmpty()) {
            return reject(ErrorCode.ARGUMENTS_SCHEMA_VIOLATION, "arguments_json does not match the schema of tool "
                    + Text.quote(tool.name()) + ": " + summary(schemaErrors));
        }
        List<String> loosening = ConstraintsCheck.violations(decision.getConstraints(), tool.ceilings());
        if (!loosening.isEmpty()) {
            return reject(ErrorCode.CONSTRAINTS_LOOSEN_LIMITS, "constraints would loosen the limits of tool "
                    + Text.quote(tool.name()) + ": " + String.join("; ", loosening));
        }
        EffectiveLimits limits = ConstraintsCheck.tighten(decision.getConstraints(), tool.ceilings());
        return new Verdict.Accepted(decision, tool, arguments, limits);
    }

    private Verdict.Rejected checkTime(ToolCallDecision decision) {
        Instant now = clock.instant();
        Instant expiresAt = decision.getExpiresAt();
        if (expiresAt.plus(settings.clockSkew()).isBefore(now)) {
            return reject(ErrorCode.DECISION_EXPIRED, "expires_at " + expiresAt + " is before now (" + now
                    + ") minus the allowed clock skew of " + settings.clockSkew());
        }
        Instant issuedAt = decision.getIssuedAt();
        if (issuedAt.isAfter(now.plus(settings.clockSkew()))) {
            return reject(ErrorCode.DECISION_FROM_FUTURE, "issued_at " + issuedAt + " is after now (" + now
                    + ") plus the allowed clock skew of " + settings.clockSkew());
        }
        return null;
    }

    private static String summary(List<String> errors) {
        int shown = Math.min(errors.size(), 5);
        String joined = String.join("; ", errors.subList(0, shown).stream().map(m -> Text.quote(m, 200)).toList());
        return errors.size() > shown ? joined + " (and " + (errors.size() - shown) + " more)" : joined;
    }

    private static Verdict.Rejected reject(ErrorCode code, String message) {
        return new Verdict.Rejected(code, message);
    }
}
