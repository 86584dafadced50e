package dev.sandstage.config;

import dev.sandstage.config.internal.EnvSource;

/**
 * Renders the README's configuration table from {@link StageConfigKeys}, so the documentation
 * cannot drift from the declarations (a unit test holds README.md to this output). Stateless; any
 * thread.
 */
public final class ConfigDocs {

    /** Marks the start of the generated table in README.md. */
    public static final String BEGIN = "<!-- config-table:begin -->";
    /** Marks the end of the generated table in README.md. */
    public static final String END = "<!-- config-table:end -->";

    private ConfigDocs() {}

    /** The Markdown table: one row per key and per pass-through prefix, ending with a newline. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | environment | type | default | meaning |\n");
        sb.append("| --- | --- | --- | --- | --- |\n");
        for (ConfigKey<?> key : StageConfigKeys.ALL) {
            row(sb, "`" + key.name() + "`", "`" + EnvSource.variableFor(key.name()) + "`", key.typeDoc(),
                    key.defaultDoc(), key.doc());
        }
        for (ConfigPrefix prefix : StageConfigKeys.PREFIXES) {
            String forbidden = String.join(", ", prefix.forbidden().stream().sorted().map(f -> "`" + f + "`").toList());
            row(sb, "`" + prefix.prefix() + "*`", "`" + EnvSource.variableFor(prefix.prefix()) + "*`",
                    ConfigType.PROPERTIES.docName(), "", prefix.doc() + "; not allowed: " + forbidden);
        }
        return sb.toString();
    }

    /** The table between the {@link #BEGIN} and {@link #END} markers, as README.md holds it. */
    public static String readmeSection() {
        return BEGIN + "\n" + markdownTable() + END;
    }

    private static void row(StringBuilder sb, String... cells) {
        sb.append('|');
        for (String cell : cells) {
            sb.append(' ').append(cell).append(" |");
        }
        sb.append('\n');
    }
}
