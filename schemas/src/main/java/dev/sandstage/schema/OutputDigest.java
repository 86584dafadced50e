package dev.sandstage.schema;

import dev.sandstage.events.ToolResult;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The definition of {@code AuditEvent.output_sha256}: lower-case hex SHA-256 over both captured
 * output streams of a call, each preceded by its length, so that no two (stdout, stderr) pairs
 * hash the same input:
 *
 * <pre>
 *   u64 big-endian length of stdout.data | stdout.data | u64 big-endian length of stderr.data | stderr.data
 * </pre>
 *
 * <p>It covers the bytes a {@code ToolResult} carries ({@code stdout.data}, {@code stderr.data}),
 * which are the captured bytes, at most the output cap each. Bytes a tool wrote past the cap never
 * reach the stage (the agent only counts them, in {@code total_bytes}), so they are not covered;
 * {@code truncated} says whether there were any. A consumer recomputes the hash from the result
 * alone. Stateless; any thread.
 */
public final class OutputDigest {

    private OutputDigest() {
    }

    /** The digest of {@code result}'s {@code stdout.data} and {@code stderr.data}; the buffers are not moved. */
    public static String of(ToolResult result) {
        return sha256(result.getStdout().getData().duplicate(), result.getStderr().getData().duplicate());
    }

    /** The digest of two captured streams. */
    public static String sha256(byte[] stdout, byte[] stderr) {
        return sha256(ByteBuffer.wrap(stdout), ByteBuffer.wrap(stderr));
    }

    // Hashes the buffers in place (no copy on the result path); consumes them, so callers pass views.
    private static String sha256(ByteBuffer stdout, ByteBuffer stderr) {
        MessageDigest digest = newDigest();
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(0, stdout.remaining()));
        digest.update(stdout);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(0, stderr.remaining()));
        digest.update(stderr);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
