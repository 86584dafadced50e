package dev.sandstage.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgentFrameCodecTest {

    static Stream<AgentFrame> everyFrameType() {
        RunRequest run = RunRequest.builder("python3", "-c", "print('hé')")
                .env(Map.of("PATH", "/usr/bin", "EMPTY", "", "WITH_EQUALS", "a=b"))
                .workdir("/workspace")
                .stdin(new byte[] {0, 1, 2, (byte) 0xFF})
                .timeout(Duration.ofMillis(2500))
                .limits(new RunLimits(3, 1L << 30, 1L << 20, 64, 128))
                .stdoutCap(1000).stderrCap(2000).outputCeiling(5_000_000_000L).wipe(false)
                .build();
        RunResult result = new RunResult(RunReason.OOM, -1, 9, Duration.ofNanos(1_234_000), Duration.ofMillis(7),
                42L << 20, new CapturedOutput("out".getBytes(StandardCharsets.UTF_8), 10, true),
                CapturedOutput.EMPTY, "killed by the kernel's OOM killer");
        return Stream.of(new AgentFrame.Run(run), new AgentFrame.Ping(Long.MIN_VALUE), new AgentFrame.Reset(),
                new AgentFrame.Result(result), new AgentFrame.Pong(-1L), new AgentFrame.Ready(),
                new AgentFrame.Error("unsupported protocol version 9 (agent speaks 1)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFrameType")
    void everyFrameTypeSurvivesARoundTrip(AgentFrame frame) {
        byte[] bytes = AgentFrameCodec.encode(frame);

        assertThat(AgentFrameCodec.decode(bytes)).isEqualTo(frame);
        assertThat(bytes[0]).isEqualTo((byte) AgentFrameCodec.VERSION);
        assertThat(bytes[1] & 0xFF).isEqualTo(frame.type());
        assertThat(ByteBuffer.wrap(bytes, 2, 4).getInt()).isEqualTo(bytes.length - AgentFrameCodec.HEADER_BYTES);
    }

    @Test
    void pingIsVersionTypeBigEndianLengthAndNonce() {
        assertThat(AgentFrameCodec.encode(new AgentFrame.Ping(0x0102030405060708L)))
                .containsExactly(1, 0x02, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void frameCutInsideThePayloadIsATruncatedFrameError() {
        byte[] whole = AgentFrameCodec.encode(everyFrameType().findFirst().orElseThrow());

        assertThatThrownBy(() -> AgentFrameCodec.decode(Arrays.copyOf(whole, whole.length - 3)))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("truncated frame")
                .hasMessageContaining("type=RUN");
    }

    @Test
    void frameShorterThanAHeaderIsATruncatedFrameError() {
        assertThatThrownBy(() -> AgentFrameCodec.decode(new byte[] {1, 2, 0}))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("truncated frame: 3 bytes");
    }

    @Test
    void payloadLengthAboveSixteenMebibytesIsRejectedFromTheHeaderAlone() {
        byte[] header = {1, (byte) 0x81, 0x01, 0x00, 0x00, 0x01};

        assertThatThrownBy(() -> AgentFrameCodec.decodeHeader(header))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("oversized frame: payload length 16777217 exceeds the maximum of 16777216");
    }

    @Test
    void unknownVersionIsRejectedNamingBothVersions() {
        byte[] frame = AgentFrameCodec.encode(new AgentFrame.Ready());
        frame[0] = 2;

        assertThatThrownBy(() -> AgentFrameCodec.decode(frame))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("unknown protocol version 2 (this stage speaks 1)");
    }

    @Test
    void unknownTypeIsRejected() {
        assertThatThrownBy(() -> AgentFrameCodec.decode(new byte[] {1, 0x7F, 0, 0, 0, 0}))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("unknown frame type 0x7f");
    }

    @Test
    void payloadLongerThanItsTypeDefinesIsRejected() {
        byte[] frame = {1, (byte) 0x82, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 99};

        assertThatThrownBy(() -> AgentFrameCodec.decode(frame))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("PONG payload has 1 trailing bytes");
    }

    @Test
    void resultWithALengthFieldPastTheEndIsATruncatedPayload() {
        byte[] frame = AgentFrameCodec.encode(everyFrameType().skip(3).findFirst().orElseThrow());
        int stdoutLengthOffset = AgentFrameCodec.HEADER_BYTES + 33 + 9;
        ByteBuffer.wrap(frame).putInt(stdoutLengthOffset, 1_000_000);

        assertThatThrownBy(() -> AgentFrameCodec.decode(frame))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("RESULT payload truncated: a field of 1000000 bytes");
    }

    @Test
    void resultWithAnUnknownReasonIsRejected() {
        byte[] frame = AgentFrameCodec.encode(everyFrameType().skip(3).findFirst().orElseThrow());
        frame[AgentFrameCodec.HEADER_BYTES] = 42;

        assertThatThrownBy(() -> AgentFrameCodec.decode(frame))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("RESULT has unknown reason code 42");
    }

    @Test
    void requestValidationRejectsEmptyArgvNulBytesAndOversizedCaps() {
        assertThatThrownBy(() -> RunRequest.builder().build()).hasMessageContaining("argv must name a command");
        assertThatThrownBy(() -> RunRequest.builder("a\0b").build()).hasMessageContaining("NUL");
        assertThatThrownBy(() -> RunRequest.builder("x").env(Map.of("A=B", "c")).build())
                .hasMessageContaining("bad environment variable name");
        assertThatThrownBy(() -> RunRequest.builder("x").stdoutCap(RunRequest.MAX_CAPTURE_BYTES).stderrCap(1).build())
                .hasMessageContaining("at most " + RunRequest.MAX_CAPTURE_BYTES);
        assertThatThrownBy(() -> RunRequest.builder("x").timeout(Duration.ZERO).build())
                .hasMessageContaining("timeout must be positive");
    }

    @Test
    void reasonsKeepTheirWireCodes() {
        assertThat(List.of(RunReason.values())).extracting(RunReason::wireCode).containsExactly(0, 1, 2, 3, 4, 5);
    }
}
