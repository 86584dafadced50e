package dev.sandstage.config.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sandstage.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML configuration file into dotted keys. Nested mappings and dotted names mean the same
 * ({@code kafka: {bootstrap-servers: x}} is {@code kafka.bootstrap-servers: x}); a list of scalars
 * becomes comma-separated text; null becomes empty text. Called by the loader on the starting
 * thread; stateless.
 */
public final class YamlSource {

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private YamlSource() {}

    /** The file's entries in file order; problems (unreadable, not a mapping, a key set twice) are added. */
    public static Map<String, RawEntry> read(Path file, List<ConfigProblem> problems) {
        String origin = "file " + file;
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            problems.add(new ConfigProblem("(config file)", file.toString(),
                    "not valid YAML: " + e.getOriginalMessage()));
            return Map.of();
        } catch (IOException e) {
            problems.add(new ConfigProblem("(config file)", file.toString(), "cannot be read: " + e));
            return Map.of();
        }
        Map<String, RawEntry> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            problems.add(new ConfigProblem("(config file)", file.toString(), "must be a YAML mapping of keys to values"));
            return out;
        }
        flatten("", root, origin, out, problems);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, String origin, Map<String, RawEntry> out,
            List<ConfigProblem> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key, value, origin, out, problems);
                continue;
            }
            String text = scalarText(key, value, problems);
            if (text == null) {
                continue;
            }
            if (out.putIfAbsent(key, new RawEntry(key, text, origin)) != null) {
                problems.add(new ConfigProblem(key, text, "set twice in " + origin + " (nested and dotted)"));
            }
        }
    }

    private static String scalarText(String key, JsonNode value, List<ConfigProblem> problems) {
        if (value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    problems.add(new ConfigProblem(key, value.toString(), "a list may hold only plain values"));
                    return null;
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        return value.asText();
    }
}
