package dev.sandstage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
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
 * ISO-8601 strings, enums are their symbol names, an {@code Output} becomes
 * {@code {"text": <UTF-8 decoded, malformed bytes replaced>, "truncated": b, "total_bytes": n}},
 * and {@code stdout_json} is embedded as the JSON object or array itself, not as a string.
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
        lines.add("stdout:" + outputBlock(r.getStdout(), stdoutText(r)));
        lines.add("stderr:" + outputBlock(r.getStderr(), decode(r.getStderr().getData())));
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
        o.set("stdout_json", stdoutJson(r));
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

    /**
     * The result's {@code stdout_json} as a JSON node; {@code NullNode} when the stage left it
     * null (stdout not one complete JSON object or array, or a result from a stage that predates
     * the field), and also when it is not a JSON object or array, which only a producer other
     * than the stage could cause: the raw text is in {@code stdout} either way.
     */
    static JsonNode stdoutJson(ToolResult r) {
        if (r.getStdoutJson() == null) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(r.getStdoutJson());
            return node == null || !node.isContainerNode() ? NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return NullNode.getInstance();
        }
    }

    /**
     * What {@code call} shows of stdout: the stage's {@code stdout_json} pretty-printed when it
     * has one, else the bytes as text (malformed UTF-8 replaced). The CLI does not guess at JSON
     * itself: the stage's decision (complete, UTF-8, one object or array) is the one that counts,
     * so a truncated document is shown as the text it is.
     */
    static String stdoutText(ToolResult r) {
        JsonNode json = stdoutJson(r);
        if (json.isNull()) {
            return decode(r.getStdout().getData());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always writes", e);
        }
    }

    private static String outputBlock(Output out, String text) {
        if (out.getTotalBytes() == 0) {
            return " (empty)";
        }
        text = text.stripTrailing();
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
