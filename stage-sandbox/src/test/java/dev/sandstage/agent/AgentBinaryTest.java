package dev.sandstage.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentBinaryTest {

    @Test
    void packagedAgentIsAStaticElfExecutableWithAStableHash() {
        AgentBinary agent = AgentBinary.load();

        assertThat(agent.bytes()).startsWith(0x7F, 'E', 'L', 'F');
        assertThat(agent.sha256()).hasSize(64).isEqualTo(AgentBinary.load().sha256());
    }

    @Test
    void sandboxImageTagChangesWithTheAgentAndWithTheToolImage() {
        String tag = SandboxImage.tagFor("a".repeat(64), "sha256:1");

        assertThat(tag).startsWith(SandboxImage.REPOSITORY + ":").isEqualTo(SandboxImage.tagFor("a".repeat(64), "sha256:1"));
        assertThat(SandboxImage.tagFor("b".repeat(64), "sha256:1")).isNotEqualTo(tag);
        assertThat(SandboxImage.tagFor("a".repeat(64), "sha256:2")).isNotEqualTo(tag);
    }

    @Test
    void derivedImageRunsTheAgentAsNobodyWithNoCommand() {
        assertThat(SandboxImage.dockerfile("sandstage/base:bookworm")).isEqualTo("""
                FROM sandstage/base:bookworm
                COPY sandstage-agent /usr/local/bin/sandstage-agent
                USER 65534:65534
                ENTRYPOINT ["/usr/local/bin/sandstage-agent"]
                CMD []
                """);
    }
}
