package dev.sandstage.pool.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandstage.pool.SandboxRuntime;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the seccomp profile every Sandstage container gets, as the JSON the engine takes
 * inline in {@code SecurityOpt: ["seccomp=<json>"]} (the API refuses a file path).
 *
 * <p>Shape: default action {@code SCMP_ACT_ERRNO}; an allow list ({@link SyscallLists#ALLOWED});
 * {@code clone} only without namespace flags; {@code clone3} answering ENOSYS so libc falls back
 * to {@code clone}; {@code socket} for every address family except AF_ALG (38) and AF_VSOCK (40);
 * an explicit EPERM rule for {@link SyscallLists#DENIED}. Architectures: x86_64, x86 and x32.
 *
 * <p>Findings on engine 20.10 with runc 1.1.5 (libseccomp 2.5) that shaped this:
 * <ul>
 *   <li>{@code defaultErrnoRet} is dropped by the engine, so the default answer is EPERM; runc
 *       answers ENOSYS for syscalls newer than libseccomp knows, which keeps libc fallbacks
 *       working. The field is therefore not written.</li>
 *   <li>Two comparisons on the same argument in one rule do not combine as AND (AF_VSOCK got
 *       through {@code family != 38 && family != 40}), and an unconditional rule beside a
 *       conditional one for the same syscall is refused ("file exists"), as are overlapping
 *       masked rules with different actions.</li>
 *   <li>Seccomp compares all 64 bits of an argument while the kernel reads {@code int family}
 *       from the low 32, so {@code family != 40} lets {@code 0x1_0000_0028} open an AF_VSOCK
 *       socket. The socket rule is therefore a set of disjoint {@code SCMP_CMP_MASKED_EQ} blocks
 *       covering {@code [0, 2^32) \ {38, 40}} with the high half required to be zero.</li>
 * </ul>
 *
 * <p>Under runsc (gVisor, registered with {@code --oci-seccomp}) the sentry applies the profile
 * itself but ignores {@code errnoRet}: every ERRNO rule answers EPERM. For {@code clone3} that
 * breaks every thread (glibc falls back to {@code clone} on ENOSYS only, so {@code
 * pthread_create} fails and Python says "can't start new thread"). The runsc profile
 * ({@link #json(SandboxRuntime)}) therefore allows {@code clone3} and lets the sentry answer:
 * gVisor 20240729 implements it and refuses namespace flags to the capability-less sandbox user
 * (EPERM for {@code CLONE_NEWUTS}, measured); any namespace it made would live inside the
 * sentry's own kernel, the isolation boundary under runsc, never on the host ({@code unshare},
 * {@code setns} and flagged {@code clone} stay denied).
 *
 * <p>Stateless; any thread may call it. The JSON is built once.
 */
public final class SeccompProfile {

    /** Address families refused by the {@code socket} rule: AF_ALG and AF_VSOCK. */
    public static final List<Long> DENIED_SOCKET_FAMILIES = List.of(38L, 40L);
    /** Namespace flags {@code clone} must not carry (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET). */
    public static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;

    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final BigInteger ALL_ONES = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = build(false);
    private static final String RUNSC_JSON = build(true);

    private SeccompProfile() {}

    /** The profile as compact JSON (the runc one). */
    public static String json() {
        return JSON;
    }

    /** The profile for {@code runtime}: under runsc {@code clone3} is left to the sentry (see above). */
    public static String json(SandboxRuntime runtime) {
        return runtime == SandboxRuntime.RUNSC ? RUNSC_JSON : JSON;
    }

    /** The syscalls refused outright with EPERM. */
    public static List<String> deniedSyscalls() {
        return SyscallLists.DENIED;
    }

    private static String build(boolean clone3ToSentry) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("defaultAction", "SCMP_ACT_ERRNO");
        root.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
        ArrayNode syscalls = root.putArray("syscalls");
        rule(syscalls, SyscallLists.ALLOWED, "SCMP_ACT_ALLOW");
        rule(syscalls, List.of("clone"), "SCMP_ACT_ALLOW").putArray("args")
                .add(maskedEq(BigInteger.valueOf(CLONE_NAMESPACE_FLAGS), 0));
        if (clone3ToSentry) {
            rule(syscalls, List.of("clone3"), "SCMP_ACT_ALLOW");
        } else {
            rule(syscalls, List.of("clone3"), "SCMP_ACT_ERRNO").put("errnoRet", ENOSYS);
        }
        for (long[] block : socketFamilyBlocks()) {
            BigInteger mask = ALL_ONES.xor(BigInteger.valueOf(block[1] - 1));
            rule(syscalls, List.of("socket"), "SCMP_ACT_ALLOW").putArray("args").add(maskedEq(mask, block[0]));
        }
        rule(syscalls, SyscallLists.DENIED, "SCMP_ACT_ERRNO").put("errnoRet", EPERM);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("seccomp profile does not serialise", e);
        }
    }

    private static ObjectNode rule(ArrayNode syscalls, List<String> names, String action) {
        ObjectNode rule = syscalls.addObject();
        ArrayNode array = rule.putArray("names");
        names.forEach(array::add);
        rule.put("action", action);
        return rule;
    }

    private static ObjectNode maskedEq(BigInteger mask, long value) {
        ObjectNode arg = MAPPER.createObjectNode();
        arg.put("index", 0);
        arg.put("value", mask);
        arg.put("valueTwo", value);
        arg.put("op", "SCMP_CMP_MASKED_EQ");
        return arg;
    }

    /**
     * Aligned power-of-two blocks {@code {base, size}} that together cover every 32-bit family
     * except {@link #DENIED_SOCKET_FAMILIES}, each matched by {@code (arg & ~(size-1)) == base}.
     */
    static List<long[]> socketFamilyBlocks() {
        List<long[]> blocks = new ArrayList<>();
        long from = 0;
        for (long denied : DENIED_SOCKET_FAMILIES.stream().sorted().toList()) {
            addAlignedBlocks(blocks, from, denied - 1);
            from = denied + 1;
        }
        addAlignedBlocks(blocks, from, (1L << 32) - 1);
        return blocks;
    }

    private static void addAlignedBlocks(List<long[]> blocks, long low, long high) {
        while (low <= high) {
            long size = low == 0 ? 1L << 32 : Long.lowestOneBit(low);
            while (size > high - low + 1) {
                size >>= 1;
            }
            blocks.add(new long[] {low, size});
            low += size;
        }
    }
}
