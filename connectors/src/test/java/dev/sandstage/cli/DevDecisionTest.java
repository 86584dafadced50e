package dev.sandstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.events.ToolCallDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DevDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void buildsAnAllowedUnsignedDecisionOfTheDevTenantAndPolicy() {
        ToolCallDecision d = DevDecision.build("echo", "{\"message\":\"hi\"}", "s-1", Duration.ofSeconds(60), clock);

        assertThat(d.getTool()).isEqualTo("echo");
        assertThat(d.getArgumentsJson()).isEqualTo("{\"message\":\"hi\"}");
        assertThat(d.getSessionId()).isEqualTo("s-1");
        assertThat(d.getTenantId()).isEqualTo("dev");
        assertThat(d.getPolicyId()).isEqualTo("dev-cli");
        assertThat(d.getAllowed()).isTrue();
        assertThat(d.getSignature()).isNull();
        assertThat(d.getConstraints()).isNull();
    }

    @Test
    void expiresOneMinuteAfterTheWaitEnds() {
        ToolCallDecision d = DevDecision.build("echo", "{}", "s-1", Duration.ofSeconds(30), clock);

        assertThat(d.getIssuedAt()).isEqualTo(NOW);
        assertThat(d.getExpiresAt()).isEqualTo(NOW.plusSeconds(90));
    }

    @Test
    void everyDecisionGetsFreshDecisionAndCallIds() {
        ToolCallDecision a = DevDecision.build("echo", "{}", "s", Duration.ofSeconds(1), clock);
        ToolCallDecision b = DevDecision.build("echo", "{}", "s", Duration.ofSeconds(1), clock);

        assertThat(a.getDecisionId()).isNotEqualTo(b.getDecisionId()).isNotEqualTo(a.getCallId());
        assertThat(a.getCallId()).isNotEqualTo(b.getCallId());
        assertThat(DevDecision.freshSession()).isNotEqualTo(DevDecision.freshSession()).startsWith("cli-");
    }
}
