package dev.sandstage.host;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gVisor release as {@code runsc --version} names it, and whether it is current. gVisor has
 * no semantic versions: each release is named after its date, which Debian keeps in its package
 * version ({@code runsc version 0.0~20221219.0}) and upstream in its tag
 * ({@code runsc version release-20240729.0}). Pure logic, used by {@link HostDoctor} to warn and
 * by {@link HostPreparer} to decide whether to install a newer gVisor.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param text the version as printed (the word after {@code "runsc version"}), or null when the
 *     output named none
 * @param released the release date in it, or null when it holds no date (a development build)
 */
public record RunscVersion(String text, LocalDate released) {

    /**
     * Releases before this date are too old: Debian 12's (2022-12-19) rejects the statx flags of
     * bookworm's coreutils, so {@code ls} and {@code stat} fail in every sandbox. Debian 13's
     * (2024-07-29) does not.
     */
    public static final LocalDate CURRENT_SINCE = LocalDate.of(2024, 1, 1);

    private static final Pattern VERSION = Pattern.compile("runsc version (\\S+)");
    private static final Pattern DATE = Pattern.compile("(?<!\\d)(20\\d{2})(\\d{2})(\\d{2})(?!\\d)");

    /** Parses the output of {@code runsc --version}; a version of unknown date when it names none. */
    public static RunscVersion parse(String versionOutput) {
        Matcher version = VERSION.matcher(versionOutput == null ? "" : versionOutput);
        if (!version.find()) {
            return new RunscVersion(null, null);
        }
        String text = version.group(1);
        Matcher date = DATE.matcher(text);
        if (!date.find()) {
            return new RunscVersion(text, null);
        }
        try {
            return new RunscVersion(text, LocalDate.of(Integer.parseInt(date.group(1)),
                    Integer.parseInt(date.group(2)), Integer.parseInt(date.group(3))));
        } catch (DateTimeException e) {
            return new RunscVersion(text, null);
        }
    }

    /** True when the release date is known. */
    public boolean dated() {
        return released != null;
    }

    /** True when the release date is known and not before {@link #CURRENT_SINCE}. */
    public boolean current() {
        return released != null && !released.isBefore(CURRENT_SINCE);
    }

    /** True when the release date is known and before {@link #CURRENT_SINCE}. */
    public boolean outdated() {
        return released != null && released.isBefore(CURRENT_SINCE);
    }

    /** For messages, for example {@code "0.0~20221219.0 (released 2022-12-19)"}. */
    @Override
    public String toString() {
        if (text == null) {
            return "unknown version";
        }
        return released == null ? text + " (release date unknown)" : text + " (released " + released + ")";
    }
}
