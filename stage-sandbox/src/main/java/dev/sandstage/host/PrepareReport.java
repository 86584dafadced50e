package dev.sandstage.host;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code prepare} did, step by step: each step either changed the host or found it already
 * in place. Built by {@link HostPreparer}; printed as the final summary.
 *
 * <p>Immutable; safe to share between threads.
 */
public record PrepareReport(List<Step> steps) {

    /** One step's outcome. */
    public record Step(String name, boolean changed, String detail) {}

    public PrepareReport {
        steps = List.copyOf(steps);
    }

    /** The steps that changed something. */
    public List<Step> changed() {
        return steps.stream().filter(Step::changed).toList();
    }

    /** The summary lines: what changed, then what was already in place. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        List<Step> changed = changed();
        lines.add(changed.isEmpty() ? "summary: nothing to change, the host was already prepared"
                : "summary: changed " + changed.size() + " of " + steps.size() + " items");
        for (Step step : steps) {
            lines.add(String.format("  %-9s %-12s %s", step.changed() ? "changed" : "in place", step.name(),
                    step.detail()));
        }
        return lines;
    }
}
