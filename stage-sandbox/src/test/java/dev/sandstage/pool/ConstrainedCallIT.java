package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandstage.catalog.Isolation;
import dev.sandstage.catalog.ToolCatalog;
import dev.sandstage.catalog.ToolDefinition;
import dev.sandstage.consume.internal.CallOutcome;
import dev.sandstage.consume.internal.CallRunner;
import dev.sandstage.consume.internal.PendingCall;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.Constraints;
import dev.sandstage.events.NetworkMode;
import dev.sandstage.events.ResultStatus;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.host.BaseImage;
import dev.sandstage.host.DockerClients;
import dev.sandstage.pool.PoolEvent.SandboxCreated;
import dev.sandstage.pool.PoolEvent.SandboxDestroyed;
import dev.sandstage.testing.SampleEvents;
import dev.sandstage.verify.internal.ConstraintsCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A decision's memory and CPU constraints, enforced through the stage's call path
 * ({@link CallRunner}) on a real pool, under runc and runsc: a call whose constraints lower memory
 * or CPU below its class runs in a one-off sandbox created with the lower values, which the
 * engine's inspect output shows, and which is gone after the call. Each one-off container is
 * inspected from the pool's {@link SandboxCreated} event, which is published before the caller
 * gets its lease, so the container still exists. A session-isolated tool cannot have a sandbox of
 * its own, so such a call is refused without running.
 */
class ConstrainedCallIT {

    private static final long MIB = 1L << 20;
    /** Touches 128 MiB: under the class's 256 MiB, over a 96 MiB constraint. */
    private static final String ALLOCATE_128_MIB =
            "b = bytearray(128 << 20)\nb[::4096] = b'x' * (len(b) // 4096)\nprint('allocated')";

    private static final DockerPools POOLS = new DockerPools(ConstrainedCallIT.class);
    private static final Map<String, InspectContainerResponse> ONE_OFFS = new ConcurrentHashMap<>();
    private static final Set<String> INSPECTING = ConcurrentHashMap.newKeySet();
    private static DockerClient docker;

    @BeforeAll
    static void connect() {
        docker = DockerClients.connect();
    }

    @AfterAll
    static void close() throws Exception {
        try {
            POOLS.close();
        } finally {
            docker.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aMemoryConstraintBelowTheClassEndsInOomWhereTheClassLimitLetsTheSameCallSucceed(String runtime) {
        DockerPoolFixture pool = pool(runtime);
        ToolDefinition tool = tool(runtime, ALLOCATE_128_MIB);

        CallOutcome unconstrained = run(pool, tool, null);
        CallOutcome constrained = run(pool, tool, Constraints.newBuilder().setMemoryBytes(96 * MIB).build());

        assertThat(unconstrained.status()).as("%s", unconstrained).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(unconstrained.run().stdout().utf8()).isEqualTo("allocated\n");
        assertThat(ONE_OFFS).doesNotContainKey(unconstrained.sandbox().getSandboxId());
        assertThat(constrained.status()).as("%s", constrained).isEqualTo(ResultStatus.OOM_KILLED);
        InspectContainerResponse ran = ONE_OFFS.get(constrained.sandbox().getSandboxId());
        assertThat(ran).as("the one-off container that ran the constrained call").isNotNull();
        assertThat(ran.getHostConfig().getMemory()).isEqualTo(96 * MIB);
        assertThat(ran.getHostConfig().getMemorySwap()).isEqualTo(96 * MIB);
        assertThat(ran.getHostConfig().getRuntime()).isEqualTo(runtime);
        assertThat(ran.getConfig().getLabels()).containsEntry(SandboxLabels.ONE_OFF, "true")
                .containsEntry(SandboxLabels.CLASS, DockerPoolFixture.CLASS).containsKey(SandboxLabels.INSTANCE);
        assertGone(pool, constrained, DestroyReason.OOM);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aCpuConstraintBelowTheClassRunsInAContainerWithThatCpuQuota(String runtime) {
        DockerPoolFixture pool = pool(runtime);
        ToolDefinition tool = tool(runtime, "print('ran')");

        CallOutcome outcome = run(pool, tool, Constraints.newBuilder().setCpuMillis(250L).build());

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(outcome.run().stdout().utf8()).isEqualTo("ran\n");
        InspectContainerResponse ran = ONE_OFFS.get(outcome.sandbox().getSandboxId());
        assertThat(ran).as("the one-off container that ran the call").isNotNull();
        assertThat(ran.getHostConfig().getNanoCPUs()).isEqualTo(250_000_000L);
        assertThat(ran.getHostConfig().getMemory()).isEqualTo(ClassLimits.DEFAULT.memoryBytes());
        assertThat(ran.getHostConfig().getSecurityOpts()).contains("no-new-privileges:true");
        assertThat(ran.getHostConfig().getReadonlyRootfs()).isTrue();
        assertGone(pool, outcome, DestroyReason.ONE_OFF);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void constraintsThatLeaveMemoryAndCpuAtTheClassValuesUseAWarmSandbox(String runtime) {
        DockerPoolFixture pool = pool(runtime);
        ToolDefinition tool = tool(runtime, "print('warm')");
        int oneOffsBefore = oneOffsCreated(pool);

        CallOutcome outcome = run(pool, tool, Constraints.newBuilder().setTimeoutMs(3_000L)
                .setMemoryBytes(ClassLimits.DEFAULT.memoryBytes()).setMaxOutputBytes(1024L).build());

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(oneOffsCreated(pool)).isEqualTo(oneOffsBefore);
        assertThat(pool.events(SandboxCreated.class)).extracting(SandboxCreated::containerId)
                .contains(outcome.sandbox().getSandboxId());
    }

    @Test
    void aSessionIsolatedToolWithLowerMemoryIsRefusedWithoutRunning() {
        DockerPoolFixture pool = pool("runc");
        ToolDefinition tool = tool("runc", "print('ran')", Isolation.SESSION);
        int createdBefore = pool.events(SandboxCreated.class).size();

        CallOutcome outcome = run(pool, tool, Constraints.newBuilder().setMemoryBytes(96 * MIB).build());

        assertThat(outcome.status()).isEqualTo(ResultStatus.REJECTED);
        assertThat(outcome.errorCode()).isEqualTo(ErrorCode.CONSTRAINTS_NOT_ENFORCEABLE);
        assertThat(outcome.errorMessage()).contains("session-isolated");
        assertThat(outcome.run()).isNull();
        assertThat(outcome.sandbox()).isNull();
        assertThat(pool.events(SandboxCreated.class)).hasSize(createdBefore);
    }

    private static DockerPoolFixture pool(String runtime) {
        DockerPoolFixture fixture = POOLS.of(runtime);
        if (INSPECTING.add(runtime)) {
            fixture.pool.addListener(event -> {
                if (event instanceof SandboxCreated created && created.sandboxId().contains("-once-")) {
                    // Blocking in a listener is fine in a test: it holds up only this pool's worker.
                    ONE_OFFS.put(created.containerId(), docker.inspectContainerCmd(created.containerId()).exec());
                }
            });
        }
        return fixture;
    }

    /** The fixture's class with a {@code python3 -c code} tool, idempotent (so the journal is never asked). */
    private static ToolDefinition tool(String runtime, String code) {
        return tool(runtime, code, Isolation.CALL);
    }

    private static ToolDefinition tool(String runtime, String code, Isolation isolation) {
        ToolDefinition base = ToolCatalog.loadDefault().find("run_python").orElseThrow();
        ClassLimits limits = ClassLimits.DEFAULT;
        return new ToolDefinition("allocate", BaseImage.NAME, List.of("python3", "-c", code), base.argumentsSchema(),
                Duration.ofSeconds(20), limits.memoryBytes(), limits.cpus(), limits.pids(), 64 * 1024,
                NetworkMode.NONE, true, isolation, runtime, "strict", base.maxArgumentsBytes(), 1, 3,
                DockerPoolFixture.CLASS);
    }

    /** One call the way the stage's executor runs it, with the limits the verifier would accept. */
    private static CallOutcome run(DockerPoolFixture pool, ToolDefinition tool, Constraints constraints) {
        ToolCallDecision decision = ToolCallDecision.newBuilder(SampleEvents.minimalDecision())
                .setTool(tool.name()).setConstraints(constraints).build();
        assertThat(ConstraintsCheck.violations(constraints, tool.ceilings())).isEmpty();
        PendingCall call = new PendingCall(decision, tool, ConstraintsCheck.tighten(constraints, tool.ceilings()),
                new RecordHeaders(), 0, 0L, Instant.now());
        return new CallRunner(pool.pool, null, DockerPoolFixture.SETTLE, Clock.systemUTC()).run(call);
    }

    /** The container that ran {@code outcome} was destroyed for {@code reason} and no longer exists. */
    private static void assertGone(DockerPoolFixture pool, CallOutcome outcome, DestroyReason reason) {
        String containerId = outcome.sandbox().getSandboxId();
        await().atMost(DockerPoolFixture.SETTLE).untilAsserted(() -> assertThat(pool.events(SandboxDestroyed.class))
                .filteredOn(e -> e.containerId().equals(containerId)).extracting(SandboxDestroyed::reason)
                .containsExactly(reason));
        assertThatThrownBy(() -> docker.inspectContainerCmd(containerId).exec()).isInstanceOf(NotFoundException.class);
        pool.awaitSettled();
    }

    private static int oneOffsCreated(DockerPoolFixture pool) {
        return (int) pool.events(SandboxCreated.class).stream().filter(e -> e.sandboxId().contains("-once-")).count();
    }
}
