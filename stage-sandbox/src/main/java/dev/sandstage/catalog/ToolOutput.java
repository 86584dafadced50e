package dev.sandstage.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tells whether a tool's stdout is JSON, and gives it in one canonical compact form, so the
 * result carries it as JSON ({@code ToolResult.stdout_json}) instead of as opaque text. Pure and
 * stateless; any thread.
 */
public final class ToolOutput {

    /** Deeper nesting is not kept as JSON: bounds the parser's and the generator's context stacks. */
    public static final int MAX_NESTING_DEPTH = 256;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
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

    /**
     * {@code stdout} as one compact JSON text when it is, in strict UTF-8, exactly one JSON object
     * or array, optionally surrounded by whitespace; empty otherwise. The caller decides on
     * truncation: a truncated stream must not be passed as if it were complete.
     *
     * <p>Decisions, so that consumers get one form: insignificant whitespace is dropped; strings are
     * re-escaped minimally (only quotes, backslashes and control characters; an escaped printable
     * character, {@code \/} for one, becomes the character itself); numbers keep the text the
     * tool wrote (no rounding through double); member order and duplicate names are kept as
     * written. Bare scalars ({@code 42},
     * {@code "text"}, {@code true}, {@code null}) are not kept: a tool's stdout of {@code 42} is
     * more likely plain text than a structured answer, and a JSON {@code null} would be
     * indistinguishable from "not JSON". Bytes that are not UTF-8 (including overlong forms and
     * encoded surrogates, which a lenient decoder would let through) and a byte order mark are
     * not JSON.
     *
     * <p>Work is linear in the input: one strict decode and one streaming pass, no tree, nesting
     * bounded by {@link #MAX_NESTING_DEPTH}; the input is already capped at the call's output limit.
     */
    public static Optional<String> compactJson(byte[] stdout) {
        if (stdout == null || stdout.length == 0) {
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(stdout)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        // Parsing the decoded text (not the bytes) stops Jackson from guessing UTF-16/32 from the
        // first bytes: the stream is UTF-8 or it is not JSON.
        StringWriter out = new StringWriter(text.length());
        try (JsonParser p = JSON.createParser(text); JsonGenerator g = JSON.createGenerator(out)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                return Optional.empty();
            }
            copyValue(p, g);
            if (p.nextToken() != null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            // Malformed JSON, several values, or nesting deeper than the bound.
            return Optional.empty();
        }
        return Optional.of(out.toString());
    }

    /** Copies the structure the parser stands at the start of, keeping numbers as written. */
    private static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            switch (t) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                default -> g.copyCurrentEvent(p);
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
            if (t == null) {
                throw new IOException("unexpected end of input");
            }
        }
    }
}
