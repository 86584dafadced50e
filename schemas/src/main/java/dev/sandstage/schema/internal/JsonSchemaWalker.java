package dev.sandstage.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * Walks a parsed JSON tree against an Avro schema before Avro's own {@code JsonDecoder} sees it,
 * for two reasons. First, Avro's messages ("Expected long. Got VALUE_STRING") do not say which
 * field is wrong; a person who typed a decision into a console producer needs the path. Second,
 * Avro's JSON decoder demands every field even when the schema gives it a default; this walker
 * fills omitted fields whose default is {@code null}, {@code []} or {@code {}} so optional fields
 * may simply be left out.
 *
 * <p>Stateless; the tree passed in is modified in place and must belong to the calling thread.
 */
public final class JsonSchemaWalker {

    private static final int SHOWN_VALUE_CHARS = 40;

    private JsonSchemaWalker() {
    }

    /**
     * Returns {@code null} when {@code node} fits {@code schema} (after filling defaults), else a
     * message naming the first offending path, the expected type and the actual JSON.
     */
    public static String firstMismatch(JsonNode node, Schema schema) {
        return walk(node, schema, "$");
    }

    private static String walk(JsonNode node, Schema schema, String path) {
        return switch (schema.getType()) {
            case RECORD -> record(node, schema, path);
            case UNION -> union(node, schema, path);
            case ARRAY -> array(node, schema, path);
            case MAP -> map(node, schema, path);
            case ENUM -> enumSymbol(node, schema, path);
            case STRING, BYTES, FIXED -> expect(node.isTextual(), node, schema, path);
            case INT -> expect(node.canConvertToInt() && node.isIntegralNumber(), node, schema, path);
            case LONG -> expect(node.canConvertToLong() && node.isIntegralNumber(), node, schema, path);
            case FLOAT, DOUBLE -> expect(node.isNumber(), node, schema, path);
            case BOOLEAN -> expect(node.isBoolean(), node, schema, path);
            case NULL -> expect(node.isNull(), node, schema, path);
        };
    }

    private static String record(JsonNode node, Schema schema, String path) {
        if (!(node instanceof ObjectNode object)) {
            return mismatch(path, "object (record " + schema.getName() + ")", node);
        }
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = path + "." + field.name();
            JsonNode value = object.get(field.name());
            if (value == null) {
                JsonNode filled = defaultNode(field);
                if (filled == null) {
                    return fieldPath + ": required field is missing (expected " + describe(field.schema()) + ")";
                }
                object.set(field.name(), filled);
                continue;
            }
            String problem = walk(value, field.schema(), fieldPath);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String union(JsonNode node, Schema schema, String path) {
        if (node.isNull()) {
            return schema.getIndexNamed("null") != null ? null : mismatch(path, describe(schema), node);
        }
        if (node.isObject() && node.size() == 1) {
            String branchName = node.fieldNames().next();
            Integer index = schema.getIndexNamed(branchName);
            if (index == null) {
                return path + ": union branch \"" + branchName + "\" is not one of " + branchNames(schema);
            }
            return walk(node.get(branchName), schema.getTypes().get(index), path);
        }
        return mismatch(path, describe(schema), node);
    }

    private static String array(JsonNode node, Schema schema, String path) {
        if (!node.isArray()) {
            return mismatch(path, "array", node);
        }
        for (int i = 0; i < node.size(); i++) {
            String problem = walk(node.get(i), schema.getElementType(), path + "[" + i + "]");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String map(JsonNode node, Schema schema, String path) {
        if (!node.isObject()) {
            return mismatch(path, "object (map)", node);
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String problem = walk(entry.getValue(), schema.getValueType(), path + "[\"" + entry.getKey() + "\"]");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String enumSymbol(JsonNode node, Schema schema, String path) {
        if (!node.isTextual()) {
            return mismatch(path, describe(schema), node);
        }
        return schema.hasEnumSymbol(node.textValue())
                ? null
                : path + ": \"" + node.textValue() + "\" is not a symbol of enum " + schema.getName() + " " + schema.getEnumSymbols();
    }

    private static String expect(boolean fits, JsonNode node, Schema schema, String path) {
        return fits ? null : mismatch(path, describe(schema), node);
    }

    private static JsonNode defaultNode(Schema.Field field) {
        if (!field.hasDefaultValue()) {
            return null;
        }
        Object value = field.defaultVal();
        if (value == JsonProperties.NULL_VALUE) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (value instanceof List<?> list && list.isEmpty()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (value instanceof Map<?, ?> m && m.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return null;
    }

    private static String mismatch(String path, String expected, JsonNode actual) {
        return path + ": expected " + expected + " but got " + describeValue(actual);
    }

    private static String describe(Schema schema) {
        return switch (schema.getType()) {
            case UNION -> "null or a one-key object {\"<branch>\": value} with branch in " + branchNames(schema);
            case ENUM -> "a symbol of enum " + schema.getName();
            case RECORD -> "object (record " + schema.getName() + ")";
            default -> schema.getLogicalType() != null
                    ? schema.getType().getName() + " (" + schema.getLogicalType().getName() + ")"
                    : schema.getType().getName();
        };
    }

    private static String branchNames(Schema union) {
        StringBuilder sb = new StringBuilder("[");
        String sep = "";
        for (Schema branch : union.getTypes()) {
            sb.append(sep).append('"').append(branch.getFullName()).append('"');
            sep = ", ";
        }
        return sb.append(']').toString();
    }

    private static String describeValue(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        if (node.isContainerNode()) {
            return type;
        }
        String text = node.toString();
        if (text.length() > SHOWN_VALUE_CHARS) {
            text = text.substring(0, SHOWN_VALUE_CHARS) + "...";
        }
        return type + " " + text;
    }
}
