package dev.sandstage.pool;

import dev.sandstage.error.SandstageFatalException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How tightly a sandbox container is locked down, beyond what every sandbox gets. Chosen per
 * tool class by the catalog ({@code hardening: strict}); {@link #STRICT} is the default.
 *
 * <p>Every profile keeps, and {@link ContainerSpecs} enforces regardless of the profile: user
 * 65534:65534, {@code --network none}, all capabilities dropped, {@code no-new-privileges}, the
 * Sandstage seccomp profile, memory with swap equal to memory, a CPU quota, a process bound,
 * {@code nofile}/{@code fsize} ulimits, size-bounded tmpfs {@code /workspace} and {@code /tmp}
 * owned by 65534 with {@code nosuid,nodev}, a read-only empty {@code /dev/mqueue}, no TTY, no
 * host paths, no Docker socket. The presets differ only in what follows:
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th></th><th>strict</th><th>moderate</th><th>lenient</th></tr>
 *   <tr><td>root filesystem</td><td>read-only</td><td>read-only</td><td>writable layer,
 *       {@code /var/tmp} a bounded tmpfs</td></tr>
 *   <tr><td>exec from {@code /workspace}</td><td>no</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>exec from {@code /tmp}</td><td>no</td><td>no</td><td>yes</td></tr>
 *   <tr><td>{@code /dev/shm}</td><td>none (IPC mode {@code none})</td><td>private, per
 *       limits</td><td>private, per limits</td></tr>
 *   <tr><td>default limits</td><td>256 MiB, 1 CPU, 64 tasks, 64 MiB workspace</td><td>512 MiB,
 *       1 CPU, 256 tasks, 256 MiB workspace</td><td>1 GiB, 2 CPUs, 512 tasks, 1 GiB
 *       workspace</td></tr>
 * </table>
 *
 * <p>{@code moderate} suits tools that build and run their own binaries or virtualenvs in the
 * workspace, or use Python multiprocessing (which needs {@code /dev/shm}). {@code lenient}
 * suits images that write to fixed paths outside the workspace: the writable layer lives on the
 * host disk with no size quota (overlay2 on ext4), bounded only by what uid 65534 may write in
 * the image and by {@code fsize} per file, and the agent does not wipe it between calls, so the
 * pool should not share a lenient container across sessions.
 *
 * <p>Immutable; any thread.
 */
public record HardeningProfile(
        String name,
        boolean readOnlyRootfs,
        boolean workspaceExec,
        boolean tmpExec,
        boolean sharedMemory,
        SandboxLimits defaultLimits) {

    private static final long MIB = 1L << 20;
    private static final long CPU = 1_000_000_000L;

    public static final HardeningProfile STRICT = new HardeningProfile("strict", true, false, false, false,
            new SandboxLimits(256 * MIB, CPU, 64, 64 * MIB, 4096, 16 * MIB, 256, 32 * MIB, 0));
    public static final HardeningProfile MODERATE = new HardeningProfile("moderate", true, true, false, true,
            new SandboxLimits(512 * MIB, CPU, 256, 256 * MIB, 16_384, 64 * MIB, 1024, 128 * MIB, 16 * MIB));
    public static final HardeningProfile LENIENT = new HardeningProfile("lenient", false, true, true, true,
            new SandboxLimits(1024 * MIB, 2 * CPU, 512, 1024 * MIB, 65_536, 256 * MIB, 4096, 512 * MIB, 64 * MIB));
    /** The profile used when a tool names none. */
    public static final HardeningProfile DEFAULT = STRICT;

    private static final List<HardeningProfile> PRESETS = List.of(STRICT, MODERATE, LENIENT);

    public HardeningProfile {
        if (name == null || name.isBlank()) {
            throw new SandstageFatalException("hardening profile needs a name", Map.of());
        }
        if (defaultLimits == null) {
            throw new SandstageFatalException("hardening profile needs default limits", Map.of("profile", name));
        }
    }

    public static HardeningProfile strict() {
        return STRICT;
    }

    public static HardeningProfile moderate() {
        return MODERATE;
    }

    public static HardeningProfile lenient() {
        return LENIENT;
    }

    /** The preset called {@code name} (case-insensitive); a blank or null name means {@link #DEFAULT}. */
    public static HardeningProfile named(String name) {
        if (name == null || name.isBlank()) {
            return DEFAULT;
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return PRESETS.stream()
                .filter(p -> p.name.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new SandstageFatalException("unknown hardening profile",
                        Map.of("profile", name, "known", presetNames())));
    }

    /** The preset names, strictest first. */
    public static List<String> presetNames() {
        return PRESETS.stream().map(HardeningProfile::name).toList();
    }
}
