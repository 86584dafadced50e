package dev.sandstage.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Tells whether a tool's stdout is one JSON value, so the publisher keeps it as JSON in the
 * result instead of as opaque text. Pure and stateless; any thread.
 */
public final class ToolOutput {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(256).build())
            .build();

    private ToolOutput() {}

    /**
     * True when {@code stdout} is exactly one well-formed JSON value in UTF-8, optionally
     * surrounded by whitespace (a trailing newline is usual). Empty output is not JSON.
     */
    public static boolean isJson(byte[] stdout) {
        if (stdout == null || stdout.length == 0) {
            return false;
        }
        try (JsonParser p = JSON.createParser(stdout)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            // Malformed JSON, or bytes that are not UTF-8: either way not a JSON value.
            return false;
        }
    }
}
