package dev.sandstage.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.pool.SandboxRuntime;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {

    private final JsonNode profile = parse();

    @Test
    void deniesByDefaultOnAllThreeX86Abis() {
        assertThat(profile.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(texts(profile.get("architectures")))
                .containsExactlyInAnyOrder("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
    }

    @Test
    void everyRuleHasTheEngineShape() {
        for (JsonNode rule : profile.get("syscalls")) {
            assertThat(rule.get("names").isArray()).isTrue();
            assertThat(rule.get("action").asText()).isIn("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO");
            for (JsonNode arg : rule.path("args")) {
                assertThat(arg.fieldNames()).toIterable()
                        .containsExactlyInAnyOrder("index", "value", "valueTwo", "op");
            }
        }
    }

    @Test
    void deniedSyscallsAppearInNoAllowRule() {
        List<String> allowed = namesWithAction("SCMP_ACT_ALLOW");
        assertThat(allowed).doesNotContainAnyElementsOf(SeccompProfile.deniedSyscalls());
        assertThat(allowed).doesNotContain("socketcall", "clone3", "modify_ldt");
        assertThat(SeccompProfile.deniedSyscalls()).contains("io_uring_setup", "io_uring_enter",
                "io_uring_register", "ptrace", "personality", "userfaultfd", "keyctl", "add_key", "request_key",
                "mount", "umount2", "unshare", "setns", "pivot_root", "chroot", "bpf", "perf_event_open",
                "kexec_load", "init_module", "finit_module");
    }

    @Test
    void deniedSyscallsAnswerEpermThroughAnExplicitRule() {
        JsonNode deny = rulesFor("ptrace").getFirst();
        assertThat(deny.get("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(deny.get("errnoRet").asInt()).isEqualTo(1);
        assertThat(texts(deny.get("names"))).containsExactlyInAnyOrderElementsOf(SeccompProfile.deniedSyscalls());
    }

    @Test
    void allowsEverydaySyscallsThatRuncAndLibcNeed() {
        assertThat(namesWithAction("SCMP_ACT_ALLOW")).contains("execve", "read", "write", "openat", "mmap",
                "futex", "rt_sigreturn", "exit_group", "wait4", "prlimit64", "setsid", "kill", "socketpair");
    }

    @Test
    void clone3AnswersEnosysSoLibcFallsBackToClone() {
        JsonNode rule = rulesFor("clone3").getFirst();
        assertThat(rule.get("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(rule.get("errnoRet").asInt()).isEqualTo(38);
    }

    @Test
    void underRunscClone3IsLeftToTheSentryBecauseGvisorIgnoresErrnoRetAndThreadsWouldFail() throws Exception {
        JsonNode runsc = new ObjectMapper()
                .readTree(SeccompProfile.json(SandboxRuntime.RUNSC));
        List<JsonNode> clone3 = new ArrayList<>();
        runsc.get("syscalls").forEach(r -> r.get("names").forEach(n -> {
            if (n.asText().equals("clone3")) {
                clone3.add(r);
            }
        }));

        assertThat(clone3).singleElement()
                .satisfies(r -> assertThat(r.get("action").asText()).isEqualTo("SCMP_ACT_ALLOW"));
        assertThat(SeccompProfile.json(SandboxRuntime.RUNC)).isEqualTo(SeccompProfile.json());
        assertThat(SeccompProfile.json(SandboxRuntime.RUNSC).replace(
                "{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ALLOW\"}",
                "{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":38}"))
                .as("otherwise the same profile").isEqualTo(SeccompProfile.json());
    }

    @Test
    void cloneIsAllowedOnlyWithoutNamespaceFlags() {
        JsonNode arg = rulesFor("clone").getFirst().get("args").get(0);
        assertThat(arg.get("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
        assertThat(arg.get("value").asLong()).isEqualTo(0x7E020000L);
        assertThat(arg.get("valueTwo").asLong()).isZero();
    }

    @Test
    void socketRulesAdmitEveryFamilyButAfAlgAndAfVsockAndNoHighBits() {
        List<JsonNode> rules = rulesFor("socket");
        assertThat(rules).allSatisfy(r -> assertThat(r.get("action").asText()).isEqualTo("SCMP_ACT_ALLOW"));
        for (long family : List.of(0L, 1L, 2L, 10L, 16L, 37L, 39L, 41L, 44L, 0xFFFF_FFFFL)) {
            assertThat(matchingRules(rules, BigInteger.valueOf(family))).as("family %d", family).isEqualTo(1);
        }
        for (long family : List.of(38L, 40L, 0x1_0000_0026L, 0x1_0000_0028L, 0x1_0000_0002L)) {
            assertThat(matchingRules(rules, BigInteger.valueOf(family))).as("family %x", family).isZero();
        }
    }

    @Test
    void socketBlocksAreAlignedAndDisjoint() {
        List<long[]> blocks = SeccompProfile.socketFamilyBlocks();
        long covered = 0;
        for (long[] block : blocks) {
            assertThat(Long.bitCount(block[1])).isEqualTo(1);
            assertThat(block[0] % block[1]).isZero();
            covered += block[1];
        }
        assertThat(covered).isEqualTo((1L << 32) - 2);
    }

    private static long matchingRules(List<JsonNode> rules, BigInteger family) {
        return rules.stream().filter(rule -> {
            JsonNode arg = rule.get("args").get(0);
            BigInteger mask = arg.get("value").bigIntegerValue();
            return family.and(mask).equals(arg.get("valueTwo").bigIntegerValue());
        }).count();
    }

    private List<JsonNode> rulesFor(String syscall) {
        List<JsonNode> rules = new ArrayList<>();
        profile.get("syscalls").forEach(rule -> {
            if (texts(rule.get("names")).contains(syscall)) {
                rules.add(rule);
            }
        });
        return rules;
    }

    private List<String> namesWithAction(String action) {
        List<String> names = new ArrayList<>();
        profile.get("syscalls").forEach(rule -> {
            if (rule.get("action").asText().equals(action)) {
                names.addAll(texts(rule.get("names")));
            }
        });
        return names;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode parse() {
        try {
            return new ObjectMapper().readTree(SeccompProfile.json());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
