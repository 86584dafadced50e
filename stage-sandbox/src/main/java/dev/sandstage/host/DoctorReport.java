package dev.sandstage.host;

import java.util.ArrayList;
import java.util.List;

/**
 * The doctor's verdict on a host: one {@link HostCheck} per item, in a stable order. Built by
 * {@link HostDoctor}; printed by the {@code doctor} verb and consulted by {@code prepare}.
 *
 * <p>Immutable; safe to share between threads.
 */
public record DoctorReport(List<HostCheck> checks) {

    /** Exit code of {@code sandstage doctor} when something needed is missing. */
    public static final int EXIT_MISSING = 1;

    public DoctorReport {
        checks = List.copyOf(checks);
    }

    /** The checks that make the host unready. */
    public List<HostCheck> missing() {
        return checks.stream().filter(c -> c.status() == HostCheck.Status.MISSING).toList();
    }

    /** The checks that pass with a warning. */
    public List<HostCheck> warnings() {
        return checks.stream().filter(c -> c.status() == HostCheck.Status.WARN).toList();
    }

    public boolean ready() {
        return missing().isEmpty();
    }

    /** 0 when ready, {@link #EXIT_MISSING} otherwise. */
    public int exitCode() {
        return ready() ? 0 : EXIT_MISSING;
    }

    /** Every check's line, then a verdict line (with the hint to run prepare when unready or warned). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        checks.forEach(c -> lines.add(c.line()));
        if (ready() && warnings().isEmpty()) {
            lines.add("host is ready");
        } else if (ready()) {
            lines.add("host is ready, with warnings: " + names(warnings()));
            lines.add("hint: run ./sandstage prepare (as root) to fix what is warned about");
        } else {
            lines.add("host is not ready, missing: " + names(missing()));
            lines.add("hint: run ./sandstage prepare (as root) to install and start what is missing");
        }
        return lines;
    }

    private static String names(List<HostCheck> checks) {
        return String.join(", ", checks.stream().map(HostCheck::name).toList());
    }
}
