package dev.sandstage.pool;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One kind of sandbox the {@link SandboxPool} keeps warm: image, runtime, hardening profile and
 * limits, plus how many to keep and how long each may live. Validated on construction; an
 * invalid field throws {@link PoolConfigException} naming {@code pool.classes.<name>.<field>}.
 * Immutable; any thread.
 *
 * @param name class name, lower case, used in sandbox ids and the {@link SandboxLabels#CLASS} label
 * @param image the container image (local; never pulled)
 * @param runtime the OCI runtime: {@code runc} or {@code runsc} (gVisor)
 * @param hardeningProfile name of the hardening profile, e.g. {@code strict}
 * @param limits resource ceilings, passed through to the factory
 * @param minIdle sandboxes kept started and idle
 * @param max sandboxes of this class at most, in any state
 * @param maxUses calls one sandbox serves before it is destroyed and replaced
 * @param idleTtl an unpinned sandbox idle this long is destroyed (and replaced while below {@code minIdle})
 * @param sessionIdleTimeout a session pin ends after this long without a call; the sandbox is reset
 */
public record SandboxClass(String name, String image, String runtime, String hardeningProfile, ClassLimits limits,
        int minIdle, int max, int maxUses, Duration idleTtl, Duration sessionIdleTimeout) {

    /** The runtimes a class may name. */
    public static final Set<String> RUNTIMES = Set.of("runc", "runsc");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public SandboxClass {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PoolConfigException("pool.classes.<name>", name,
                    "must be 1 to 63 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
        }
        String prefix = "pool.classes." + name + ".";
        requireText(prefix + "image", image);
        if (runtime == null || !RUNTIMES.contains(runtime)) {
            throw new PoolConfigException(prefix + "runtime", runtime, "must be one of " + RUNTIMES);
        }
        requireText(prefix + "hardening-profile", hardeningProfile);
        if (limits == null) {
            throw new PoolConfigException(prefix + "limits", null, "must be set");
        }
        requireMemoryAboveTmpfs(prefix, hardeningProfile, limits);
        if (minIdle < 0) {
            throw new PoolConfigException(prefix + "min-idle", minIdle, "must not be negative");
        }
        if (max < 1) {
            throw new PoolConfigException(prefix + "max", max, "must be at least 1");
        }
        if (minIdle > max) {
            throw new PoolConfigException(prefix + "min-idle", minIdle, "must not exceed max (" + max + ")");
        }
        if (maxUses < 1) {
            throw new PoolConfigException(prefix + "max-uses", maxUses, "must be at least 1");
        }
        requirePositive(prefix + "idle-ttl", idleTtl);
        requirePositive(prefix + "session-idle-timeout", sessionIdleTimeout);
    }

    /**
     * A class on the base runtime and the {@code strict} profile with default limits, one use
     * per sandbox, 10 minutes idle TTL and 5 minutes session idle timeout.
     */
    public static SandboxClass of(String name, String image, int minIdle, int max) {
        return new SandboxClass(name, image, "runc", "strict", ClassLimits.DEFAULT, minIdle, max, 1,
                Duration.ofMinutes(10), Duration.ofMinutes(5));
    }

    public SandboxClass withRuntime(String newRuntime) {
        return new SandboxClass(name, image, newRuntime, hardeningProfile, limits, minIdle, max, maxUses, idleTtl,
                sessionIdleTimeout);
    }

    public SandboxClass withMaxUses(int newMaxUses) {
        return new SandboxClass(name, image, runtime, hardeningProfile, limits, minIdle, max, newMaxUses, idleTtl,
                sessionIdleTimeout);
    }

    public SandboxClass withIdleTtl(Duration newIdleTtl) {
        return new SandboxClass(name, image, runtime, hardeningProfile, limits, minIdle, max, maxUses, newIdleTtl,
                sessionIdleTimeout);
    }

    public SandboxClass withSessionIdleTimeout(Duration timeout) {
        return new SandboxClass(name, image, runtime, hardeningProfile, limits, minIdle, max, maxUses, idleTtl,
                timeout);
    }

    /** Memory a tool keeps beyond the tmpfs mounts, so that filling them ends in ENOSPC, not OOM. */
    static final long PROCESS_HEADROOM_BYTES = 64L << 20;

    /**
     * tmpfs pages ({@code /workspace}, {@code /tmp}, {@code /dev/shm}) are charged to the
     * container's memory limit (runc's cgroup; gVisor's sentry memory). A class whose memory does
     * not cover them turns a full disk into an OOM kill under runc and into a dead container under
     * runsc. Unknown profile names are left to the factory, which rejects them.
     */
    private static void requireMemoryAboveTmpfs(String prefix, String profileName, ClassLimits limits) {
        if (!HardeningProfile.presetNames().contains(profileName.strip().toLowerCase(Locale.ROOT))) {
            return;
        }
        HardeningProfile profile = HardeningProfile.named(profileName);
        SandboxLimits l = profile.defaultLimits();
        long tmpfs = l.workspaceBytes() + l.tmpBytes() + (profile.sharedMemory() ? l.shmBytes() : 0)
                + (profile.readOnlyRootfs() ? 0 : l.tmpBytes());
        if (limits.memoryBytes() < tmpfs + PROCESS_HEADROOM_BYTES) {
            throw new PoolConfigException(prefix + "limits.memory", limits.memoryBytes(), "must be at least "
                    + (tmpfs + PROCESS_HEADROOM_BYTES) + " bytes: the " + profile.name() + " profile's tmpfs mounts ("
                    + tmpfs + " bytes) count against container memory, plus " + PROCESS_HEADROOM_BYTES
                    + " bytes for processes");
        }
    }

    static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new PoolConfigException(key, value, "must not be empty");
        }
    }

    static void requirePositive(String key, Duration value) {
        Objects.requireNonNull(key);
        if (value == null || value.isNegative() || value.isZero()) {
            throw new PoolConfigException(key, value, "must be a positive duration");
        }
    }
}
