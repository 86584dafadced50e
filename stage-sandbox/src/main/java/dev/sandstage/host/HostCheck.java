package dev.sandstage.host;

/**
 * One line of the doctor's report: what was checked, the verdict, and what was seen.
 *
 * <p>Immutable; safe to share between threads.
 */
public record HostCheck(String name, Status status, String detail) {

    /** The verdict on one item. Only {@link #MISSING} makes the host unready. */
    public enum Status {
        /** Present and good enough. */
        OK,
        /** Needed and absent or not good enough. */
        MISSING,
        /** Present and working, with known defects that {@code prepare} would fix; never blocks. */
        WARN,
        /** Reported for information; never blocks. */
        INFO
    }

    public static HostCheck ok(String name, String detail) {
        return new HostCheck(name, Status.OK, detail);
    }

    public static HostCheck missing(String name, String detail) {
        return new HostCheck(name, Status.MISSING, detail);
    }

    public static HostCheck warn(String name, String detail) {
        return new HostCheck(name, Status.WARN, detail);
    }

    public static HostCheck info(String name, String detail) {
        return new HostCheck(name, Status.INFO, detail);
    }

    /** The report line, for example {@code "ok       docker      Docker 20.10.24 ..."}. */
    public String line() {
        return String.format("%-8s %-14s %s", status.name().toLowerCase(java.util.Locale.ROOT), name, detail);
    }
}
