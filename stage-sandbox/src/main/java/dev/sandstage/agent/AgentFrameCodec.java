package dev.sandstage.agent;

import dev.sandstage.agent.internal.PayloadReader;
import dev.sandstage.agent.internal.PayloadWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes of the agent protocol, version {@value #VERSION}. Pure functions, no I/O; any thread.
 * The C side ({@code src/main/c/agent.c}) carries the same description.
 *
 * <pre>
 * frame   = u8 version (1) | u8 type | u32 payload length (big-endian, at most 16 MiB) | payload
 * bytes   = u32 length | that many bytes;   str = bytes holding UTF-8
 * RUN    0x01  u64 timeout_ms | u8 flags (bit 0 wipe) | u64 cpu_seconds | u64 address_space
 *              | u64 file_size | u64 open_files | u64 processes | u32 stdout_cap | u32 stderr_cap
 *              | u64 output_ceiling | str workdir | u32 argc, str... | u32 envc, str "K=V"... | bytes stdin
 * PING   0x02  u64 nonce                  PONG  0x82  u64 nonce
 * RESET  0x03  (empty)                    READY 0x83  (empty)
 * RESULT 0x81  u8 reason | i32 exit_code | i32 signal | u64 wall_us | u64 cpu_us | u64 peak_rss_bytes
 *              | u64 stdout_total | u8 truncated | bytes stdout | u64 stderr_total | u8 truncated
 *              | bytes stderr | str message
 * ERROR  0x84  UTF-8 message (the whole payload)
 * </pre>
 *
 * Every decoding problem (short header, payload shorter or longer than its length, unknown
 * version or type, oversized length, malformed field) is an {@link AgentProtocolException}.
 */
public final class AgentFrameCodec {

    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 6;
    public static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    /** A decoded frame header: the type byte and how many payload bytes follow. */
    public record Header(int type, int payloadLength) {}

    private AgentFrameCodec() {}

    /** The whole frame, header included. */
    public static byte[] encode(AgentFrame frame) {
        byte[] payload = payload(frame);
        if (payload.length > MAX_PAYLOAD) {
            throw new AgentProtocolException("frame payload of " + payload.length + " bytes exceeds the maximum of "
                    + MAX_PAYLOAD, Map.of("type", typeName(frame.type())));
        }
        return new PayloadWriter().u8(VERSION).u8(frame.type()).u32(payload.length).raw(payload).toByteArray();
    }

    /** Decodes exactly one whole frame; extra or missing bytes are errors. */
    public static AgentFrame decode(byte[] frame) {
        if (frame.length < HEADER_BYTES) {
            throw new AgentProtocolException("truncated frame: " + frame.length + " bytes, the header alone has "
                    + HEADER_BYTES, Map.of());
        }
        Header header = decodeHeader(frame);
        int actual = frame.length - HEADER_BYTES;
        if (actual != header.payloadLength()) {
            throw new AgentProtocolException((actual < header.payloadLength() ? "truncated frame" : "trailing bytes")
                    + ": header says " + header.payloadLength() + " payload bytes, " + actual + " present",
                    Map.of("type", typeName(header.type())));
        }
        byte[] payload = java.util.Arrays.copyOfRange(frame, HEADER_BYTES, frame.length);
        return decodePayload(header.type(), payload);
    }

    /** Checks version and length in the first {@value #HEADER_BYTES} bytes of {@code header}. */
    public static Header decodeHeader(byte[] header) {
        int version = header[0] & 0xFF;
        int type = header[1] & 0xFF;
        long length = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFFL) << 16) | ((header[4] & 0xFFL) << 8)
                | (header[5] & 0xFFL);
        if (version != VERSION) {
            throw new AgentProtocolException("unknown protocol version " + version + " (this stage speaks "
                    + VERSION + ")", Map.of("version", version));
        }
        if (length > MAX_PAYLOAD) {
            throw new AgentProtocolException("oversized frame: payload length " + length + " exceeds the maximum of "
                    + MAX_PAYLOAD, Map.of("type", typeName(type)));
        }
        return new Header(type, (int) length);
    }

    /** Decodes the payload of a frame whose header said {@code type}. */
    public static AgentFrame decodePayload(int type, byte[] payload) {
        PayloadReader in = new PayloadReader(payload, typeName(type));
        AgentFrame frame = switch (type) {
            case AgentFrame.Run.TYPE -> new AgentFrame.Run(readRun(in));
            case AgentFrame.Ping.TYPE -> new AgentFrame.Ping(in.u64());
            case AgentFrame.Reset.TYPE -> new AgentFrame.Reset();
            case AgentFrame.Result.TYPE -> new AgentFrame.Result(readResult(in));
            case AgentFrame.Pong.TYPE -> new AgentFrame.Pong(in.u64());
            case AgentFrame.Ready.TYPE -> new AgentFrame.Ready();
            case AgentFrame.Error.TYPE -> new AgentFrame.Error(new String(in.rest(), StandardCharsets.UTF_8));
            default -> throw new AgentProtocolException(String.format("unknown frame type 0x%02x", type),
                    Map.of("type", type));
        };
        in.end();
        return frame;
    }

    /** A readable name of a type byte for messages: {@code RUN}, {@code RESULT}, {@code 0x7f}. */
    public static String typeName(int type) {
        return switch (type) {
            case AgentFrame.Run.TYPE -> "RUN";
            case AgentFrame.Ping.TYPE -> "PING";
            case AgentFrame.Reset.TYPE -> "RESET";
            case AgentFrame.Result.TYPE -> "RESULT";
            case AgentFrame.Pong.TYPE -> "PONG";
            case AgentFrame.Ready.TYPE -> "READY";
            case AgentFrame.Error.TYPE -> "ERROR";
            default -> String.format("0x%02x", type);
        };
    }

    private static byte[] payload(AgentFrame frame) {
        PayloadWriter out = new PayloadWriter();
        switch (frame) {
            case AgentFrame.Run run -> writeRun(out, run.request());
            case AgentFrame.Ping ping -> out.u64(ping.nonce());
            case AgentFrame.Pong pong -> out.u64(pong.nonce());
            case AgentFrame.Result result -> writeResult(out, result.result());
            case AgentFrame.Error error -> out.raw(error.message().getBytes(StandardCharsets.UTF_8));
            case AgentFrame.Reset reset -> { }
            case AgentFrame.Ready ready -> { }
        }
        return out.toByteArray();
    }

    private static void writeRun(PayloadWriter out, RunRequest r) {
        RunLimits l = r.limits();
        out.u64(r.timeout().toMillis()).u8(r.wipe() ? 1 : 0)
                .u64(l.cpuSeconds()).u64(l.addressSpaceBytes()).u64(l.fileSizeBytes()).u64(l.openFiles())
                .u64(l.processes()).u32(r.stdoutCap()).u32(r.stderrCap()).u64(r.outputCeiling()).str(r.workdir());
        out.u32(r.argv().size());
        r.argv().forEach(out::str);
        out.u32(r.env().size());
        r.env().forEach((k, v) -> out.str(k + "=" + v));
        out.bytes(r.stdin());
    }

    private static RunRequest readRun(PayloadReader in) {
        Duration timeout = Duration.ofMillis(in.u64());
        boolean wipe = (in.u8() & 1) != 0;
        RunLimits limits = new RunLimits(in.u64(), in.u64(), in.u64(), in.u64(), in.u64());
        int stdoutCap = (int) in.u32();
        int stderrCap = (int) in.u32();
        long ceiling = in.u64();
        String workdir = in.str();
        List<String> argv = new ArrayList<>();
        for (long i = 0, n = in.u32(); i < n; i++) {
            argv.add(in.str());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (long i = 0, n = in.u32(); i < n; i++) {
            String kv = in.str();
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw in.error("RUN environment entry without NAME=: '" + kv + "'");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        byte[] stdin = in.bytes();
        try {
            return new RunRequest(argv, env, workdir, stdin, timeout, limits, stdoutCap, stderrCap, ceiling, wipe);
        } catch (IllegalArgumentException e) {
            throw in.error("RUN payload is not a valid request: " + e.getMessage());
        }
    }

    private static void writeResult(PayloadWriter out, RunResult r) {
        out.u8(r.reason().wireCode()).u32(r.exitCode()).u32(r.signal())
                .u64(r.wall().toNanos() / 1000).u64(r.cpu().toNanos() / 1000).u64(r.peakRssBytes());
        for (CapturedOutput o : List.of(r.stdout(), r.stderr())) {
            out.u64(o.totalBytes()).u8(o.truncated() ? 1 : 0).bytes(o.bytes());
        }
        out.str(r.message());
    }

    private static RunResult readResult(PayloadReader in) {
        int code = in.u8();
        RunReason reason = RunReason.fromWireCode(code)
                .orElseThrow(() -> in.error("RESULT has unknown reason code " + code));
        int exitCode = in.i32();
        int signal = in.i32();
        Duration wall = Duration.ofNanos(in.u64() * 1000);
        Duration cpu = Duration.ofNanos(in.u64() * 1000);
        long rss = in.u64();
        CapturedOutput stdout = readOutput(in);
        CapturedOutput stderr = readOutput(in);
        return new RunResult(reason, exitCode, signal, wall, cpu, rss, stdout, stderr, in.str());
    }

    private static CapturedOutput readOutput(PayloadReader in) {
        long total = in.u64();
        boolean truncated = in.u8() != 0;
        byte[] kept = in.bytes();
        if (total < kept.length) {
            throw in.error("RESULT output total " + total + " is less than the " + kept.length + " bytes kept");
        }
        return new CapturedOutput(kept, total, truncated);
    }
}
