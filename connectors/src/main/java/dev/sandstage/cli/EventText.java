package dev.sandstage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.Output;
import dev.sandstage.events.ToolResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the CLI shows events. Human forms are for people; the JSON forms are one object per line
 * with snake_case field names as in the Avro schemas, with these friendly differences from Avro
 * JSON: optional fields are plain values or {@code null} (no union wrappers), timestamps are
 * ISO-8601 strings, enums are their symbol names, and an {@code Output} becomes
 * {@code {"text": <UTF-8 decoded, malformed bytes replaced>, "truncated": b, "total_bytes": n}}.
 * Pure; any thread.
 */
final class EventText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventText() {}

    /** The multi-line summary {@code call} prints. */
    static String summary(ToolResult r) {
        List<String> lines = new ArrayList<>();
        lines.add("status:    " + r.getStatus() + exitPart(r));
        if (r.getErrorCode() != null || r.getErrorMessage() != null) {
            lines.add("error:     " + nullToDash(r.getErrorCode()) + ": " + nullToDash(r.getErrorMessage()));
        }
        if (r.getUsage() != null) {
            lines.add("wall ms:   " + r.getUsage().getWallMs());
        }
        lines.add("stdout:" + outputBlock(r.getStdout()));
        lines.add("stderr:" + outputBlock(r.getStderr()));
        return String.join(System.lineSeparator(), lines);
    }

    /** One line per result, for {@code tail results}. */
    static String line(ToolResult r) {
        return r.getFinishedAt() + " " + r.getStatus() + exitPart(r) + " tool=" + r.getTool()
                + " decision=" + r.getDecisionId() + " session=" + r.getSessionId()
                + (r.getErrorCode() == null ? "" : " error=" + r.getErrorCode());
    }

    /** One line per audit event, for {@code tail audit}. */
    static String line(AuditEvent e) {
        return e.getOccurredAt() + " " + e.getType() + (e.getTool() == null ? "" : " tool=" + e.getTool())
                + (e.getDecisionId() == null ? "" : " decision=" + e.getDecisionId())
                + (e.getErrorCode() == null ? "" : " error=" + e.getErrorCode())
                + (e.getDetail().isEmpty() ? "" : " " + e.getDetail());
    }

    /** The friendly JSON mapping of a result, one line. */
    static String json(ToolResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("decision_id", r.getDecisionId());
        o.put("call_id", r.getCallId());
        o.put("session_id", r.getSessionId());
        o.put("tenant_id", r.getTenantId());
        o.put("tool", r.getTool());
        o.put("status", r.getStatus().name());
        o.put("exit_code", r.getExitCode());
        o.put("signal", r.getSignal());
        o.set("stdout", output(r.getStdout()));
        o.set("stderr", output(r.getStderr()));
        o.put("error_code", r.getErrorCode());
        o.put("error_message", r.getErrorMessage());
        o.put("queued_at", iso(r.getQueuedAt()));
        o.put("started_at", iso(r.getStartedAt()));
        o.put("finished_at", iso(r.getFinishedAt()));
        if (r.getUsage() == null) {
            o.putNull("usage");
        } else {
            ObjectNode u = o.putObject("usage");
            u.put("cpu_ms", r.getUsage().getCpuMs());
            u.put("memory_peak_bytes", r.getUsage().getMemoryPeakBytes());
            u.put("wall_ms", r.getUsage().getWallMs());
        }
        if (r.getSandbox() == null) {
            o.putNull("sandbox");
        } else {
            ObjectNode s = o.putObject("sandbox");
            s.put("runtime", r.getSandbox().getRuntime());
            s.put("image_digest", r.getSandbox().getImageDigest());
            s.put("sandbox_id", r.getSandbox().getSandboxId());
            s.put("reuse_count", r.getSandbox().getReuseCount());
        }
        return o.toString();
    }

    /** The friendly JSON mapping of an audit event, one line. */
    static String json(AuditEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event_id", e.getEventId());
        o.put("occurred_at", iso(e.getOccurredAt()));
        o.put("stage_instance", e.getStageInstance());
        o.put("type", e.getType().name());
        o.put("decision_id", e.getDecisionId());
        o.put("session_id", e.getSessionId());
        o.put("tenant_id", e.getTenantId());
        o.put("call_id", e.getCallId());
        o.put("tool", e.getTool());
        o.put("error_code", e.getErrorCode());
        o.put("error_message", e.getErrorMessage());
        o.put("arguments_sha256", e.getArgumentsSha256());
        o.put("output_sha256", e.getOutputSha256());
        o.put("arguments_json", e.getArgumentsJson());
        e.getViolations().forEach(o.putArray("violations")::add);
        ObjectNode detail = o.putObject("detail");
        e.getDetail().forEach((k, v) -> detail.put(k.toString(), v.toString()));
        return o.toString();
    }

    /** Output bytes as text; pretty-printed when the whole text is one JSON object or array. */
    static String text(Output out) {
        String text = decode(out.getData());
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            } catch (JsonProcessingException e) {
                return text; // looked like JSON but is not: show it as it is
            }
        }
        return text;
    }

    private static String outputBlock(Output out) {
        if (out.getTotalBytes() == 0) {
            return " (empty)";
        }
        String text = text(out).stripTrailing();
        String note = out.getTruncated() ? System.lineSeparator() + "  ... truncated, " + out.getTotalBytes() + " bytes in total" : "";
        return System.lineSeparator() + indent(text) + note;
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }

    private static ObjectNode output(Output out) {
        ObjectNode o = JSON.createObjectNode();
        o.put("text", decode(out.getData()));
        o.put("truncated", out.getTruncated());
        o.put("total_bytes", out.getTotalBytes());
        return o;
    }

    private static String decode(ByteBuffer data) {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String exitPart(ToolResult r) {
        return (r.getExitCode() == null ? "" : " exit=" + r.getExitCode())
                + (r.getSignal() == null ? "" : " signal=" + r.getSignal());
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String nullToDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
