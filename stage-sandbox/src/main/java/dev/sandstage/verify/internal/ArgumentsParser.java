package dev.sandstage.verify.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The size and parse steps of {@code DecisionVerifier}. Strict JSON: one document, no trailing
 * tokens, no duplicate object keys (a policy engine and a tool that pick different duplicates
 * would see different arguments), bounded nesting. Thread-safe: the mapper is shared and
 * immutable once built.
 */
public final class ArgumentsParser {

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(256).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** Why {@code arguments_json} is not JSON; the message never quotes the whole input. */
    public static final class NotJsonException extends Exception {
        NotJsonException(String message) {
            super(message, null, false, false);
        }
    }

    private ArgumentsParser() {
    }

    /** Length of {@code s} in UTF-8 bytes, without encoding it. */
    public static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The parsed document. */
    public static JsonNode parse(String json) throws NotJsonException {
        if (json.isBlank()) {
            throw new NotJsonException("arguments_json is empty; expected a JSON document such as {}");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new NotJsonException("arguments_json is not valid JSON" + where + ": " + Text.quote(e.getOriginalMessage(), 200));
        }
    }
}
