package dev.sandstage.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.AuditEventType;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.testing.KafkaBrokerExtension;
import dev.sandstage.testing.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN section 3, guarantees 1 and 2 across a real {@code kill -9}: the stage runs as a child
 * JVM, is killed with SIGKILL while non-idempotent calls run, and is started again with the same
 * instance id (so its transactional producer fences the dead one's). Side effects are counted
 * outside the stage, in the host's process table ({@link SideEffectWatcher}).
 */
@ExtendWith(KafkaBrokerExtension.class)
class StageCrashIT {

    private static final int SESSIONS = 30;
    private static final int PER_SESSION = 10;
    private static final int TOTAL = SESSIONS * PER_SESSION;
    private static final Duration ALL_ANSWERED_WITHIN = Duration.ofMinutes(3);
    private static final EventCodec<ToolResult> RESULTS = EventCodec.of(ToolResult.class);
    private static final EventCodec<AuditEvent> AUDITS = EventCodec.of(AuditEvent.class);

    /**
     * Non-idempotent and slow: reads its arguments, takes the token out of them with string
     * operations (so any python3 runs it, whichever tools image {@code :latest} names), and becomes a process named
     * {@code sidefx-<token>}, the side effect the watcher sees in /proc. That process lives half a
     * second, and beyond it until the watcher has seen it: it blocks SIGTERM (across the exec) and
     * waits for one, which the watcher sends as its acknowledgement (for at most 8 s, within the
     * tool's timeout). So a watcher starved of CPU on a loaded machine still sees every run.
     */
    private static final String SIDEFX = """
              sidefx:
                image: sandstage/tools:latest
                command: ["python3", "-c", "import os, signal, sys; q = chr(34); a = sys.stdin.read(); \
            t = a.split(q + 'token' + q, 1)[1].split(q)[1]; signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM]); \
            os.execve(sys.executable, ['sidefx-' + t, '-S', '-c', 'import signal, time; s = time.monotonic(); \
            signal.sigtimedwait([signal.SIGTERM], 8); time.sleep(max(0, 0.5 - (time.monotonic() - s)))'], \
            {'PYTHONHOME': sys.prefix})"]
                arguments-schema: schemas/sidefx.json
                timeout: 10s
                memory: 192Mi
                cpus: 0.5
                max-output: 4KiB
                network: none
                idempotent: false
                isolation: call
                runtime: runc
            """;
    private static final String SIDEFX_SCHEMA = """
            {"type": "object", "properties": {"token": {"type": "string", "pattern": "^[a-z0-9-]{1,64}$"}},
             "required": ["token"], "additionalProperties": false}
            """;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void killedMidLoadAndRestartedAnswersEveryDecisionOnceAndRunsNoSideEffectTwice(KafkaTestBroker broker,
            @TempDir Path dir) throws Exception {
        Map<String, ToolCallDecision> sent = decisions();
        try (StageTopics topics = new StageTopics(broker, dir);
                SideEffectWatcher watcher = new SideEffectWatcher("sidefx-");
                StageTopics.Reader<ToolResult> results = topics.reader("results", r -> RESULTS.decode(r.value()));
                StageTopics.Reader<AuditEvent> audits = topics.reader("audit", r -> AUDITS.decode(r.value()))) {
            // Port 0: nothing here reads the HTTP endpoints, and a port chosen up front can be taken meanwhile.
            Map<String, String> settings = topics.settings(0);
            settings.put("catalog.path", TestCatalog.write(Files.createDirectories(dir.resolve("catalog")), SIDEFX,
                    Map.of("sidefx.json", SIDEFX_SCHEMA)).toString());
            settings.put("pool.global-max", "4");
            Path config = StageProcess.writeConfig(dir.resolve("stage.yaml"), settings);

            try (StageProcess first = StageProcess.start("first", dir, config, List.of())) {
                sent.values().forEach(topics::send);
                topics.flush();
                results.pollUntil(rs -> rs.size() >= TOTAL / 5, Duration.ofMinutes(2),
                        rs -> rs.size() + " of " + TOTAL + " results before the kill\n" + first.tail());
                await("a side effect running").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                        .until(() -> watcher.runningNow() > 0);
                first.kill();
                assertThat(results.poll()).as("the kill must land mid-load").hasSizeLessThan(TOTAL);
            }
            assertThat(StageProcess.containersOf(topics.instanceId)).as("containers the killed stage left behind")
                    .isNotEmpty();

            try (StageProcess second = StageProcess.start("second", dir, config, List.of())) {
                results.pollUntil(rs -> ids(rs).containsAll(sent.keySet()), ALL_ANSWERED_WITHIN,
                        rs -> Set.copyOf(ids(rs)).size() + " of " + TOTAL + " decisions answered after the restart\n"
                                + second.tail());
                assertThat(second.terminate()).as("exit value after SIGTERM\n%s", second.tail()).isZero();
            }
            assertThat(StageProcess.containersOf(topics.instanceId)).as("containers after SIGTERM").isEmpty();

            List<ToolResult> all = results.readToEnd(Duration.ofMinutes(1));
            List<AuditEvent> trail = audits.readToEnd(Duration.ofMinutes(1));
            // Every container is gone, so a scan that finds no side effect running saw the last of them.
            await("side effects ended").atMost(Duration.ofSeconds(30)).until(() -> watcher.runningNow() == 0);
            assertGuarantees(sent, all, trail, watcher.runs());
        }
    }

    private void assertGuarantees(Map<String, ToolCallDecision> sent, List<ToolResult> all, List<AuditEvent> trail,
            Map<String, Set<String>> runs) {
        Map<String, List<ToolResult>> byId = all.stream().filter(r -> sent.containsKey(r.getDecisionId()))
                .collect(Collectors.groupingBy(ToolResult::getDecisionId));
        assertThat(byId.keySet()).as("decisions without a result").containsExactlyInAnyOrderElementsOf(sent.keySet());
        assertThat(byId).as("decisions with more than one result")
                .allSatisfy((id, rs) -> assertThat(rs).as(id).hasSize(1));
        Map<String, ToolResult> result = byId.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
        Set<String> recovered = trail.stream().filter(a -> a.getType() == AuditEventType.RECOVERED_AFTER_CRASH)
                .map(AuditEvent::getDecisionId).collect(Collectors.toSet());
        Function<String, String> context = id -> "decision " + id + " (" + sent.get(id).getTool() + ", token "
                + token(id) + "): result " + brief(result.get(id)) + ", side-effect processes "
                + runs.getOrDefault(token(id), Set.of());

        List<String> interrupted = result.values().stream().filter(r -> r.getStatus() == ResultStatus.INTERRUPTED)
                .map(ToolResult::getDecisionId).sorted().toList();
        assertThat(interrupted).as("the kill interrupted no non-idempotent call; statuses: %s", statusCounts(result))
                .isNotEmpty();
        assertThat(interrupted).allSatisfy(id -> {
            assertThat(sent.get(id).getTool()).as(context.apply(id)).isEqualTo("sidefx");
            assertThat(result.get(id).getErrorCode()).as(context.apply(id))
                    .isEqualTo(ErrorCode.EXECUTION_INTERRUPTED.name());
            assertThat(recovered).as("RECOVERED_AFTER_CRASH audit of " + context.apply(id)).contains(id);
        });
        assertThat(result.values()).filteredOn(r -> r.getTool().equals("echo"))
                .as("idempotent calls run again after the crash").allSatisfy(r -> assertThat(r.getStatus())
                        .as(context.apply(r.getDecisionId())).isEqualTo(ResultStatus.SUCCEEDED));

        assertThat(runs).as("side effects per token (every token at most once)")
                .allSatisfy((token, processes) -> assertThat(processes).as("token " + token).hasSizeLessThanOrEqualTo(1));
        assertThat(runs.keySet()).as("side effects of tokens this test never sent")
                .allSatisfy(token -> assertThat(token).startsWith(run + "-"));
        result.values().stream().filter(r -> r.getTool().equals("sidefx")).forEach(r -> {
            int ran = runs.getOrDefault(token(r.getDecisionId()), Set.of()).size();
            switch (r.getStatus()) {
                case SUCCEEDED -> assertThat(ran).as("runs of a SUCCEEDED " + context.apply(r.getDecisionId()))
                        .isEqualTo(1);
                case INTERRUPTED -> assertThat(ran).as("runs of an INTERRUPTED " + context.apply(r.getDecisionId()))
                        .isLessThanOrEqualTo(1);
                default -> throw new AssertionError("unexpected status of " + context.apply(r.getDecisionId()));
            }
        });
    }

    /** Per session, echo and sidefx alternate; decision i's sidefx token is {@code <run>-i}. */
    private Map<String, ToolCallDecision> decisions() {
        Map<String, ToolCallDecision> out = new LinkedHashMap<>();
        for (int i = 0; i < TOTAL; i++) {
            String id = run + "-d-" + i;
            String session = run + "-session-" + (i % SESSIONS);
            out.put(id, (i / SESSIONS) % 2 == 0
                    ? StageTopics.decision(id, session, "echo", "{\"message\":\"m" + i + "\"}")
                    : StageTopics.decision(id, session, "sidefx", "{\"token\":\"" + token(id) + "\"}"));
        }
        return out;
    }

    private String token(String decisionId) {
        return run + "-" + decisionId.substring(decisionId.lastIndexOf('-') + 1);
    }

    private static List<String> ids(List<ToolResult> results) {
        return results.stream().map(ToolResult::getDecisionId).toList();
    }

    private static String brief(ToolResult r) {
        return r == null ? "none" : r.getStatus() + (r.getErrorCode() == null ? "" : " " + r.getErrorCode() + ": "
                + r.getErrorMessage()) + " (sandbox " + (r.getSandbox() == null ? "-" : r.getSandbox().getSandboxId()) + ")";
    }

    private static Map<ResultStatus, Long> statusCounts(Map<String, ToolResult> result) {
        return result.values().stream().collect(Collectors.groupingBy(ToolResult::getStatus, Collectors.counting()));
    }
}
