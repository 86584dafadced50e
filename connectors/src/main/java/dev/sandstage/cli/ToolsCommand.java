package dev.sandstage.cli;

import dev.sandstage.catalog.ToolCatalog;
import dev.sandstage.catalog.ToolDefinition;
import dev.sandstage.config.Quantities;
import dev.sandstage.config.StageConfig;
import dev.sandstage.config.StageConfigLoader;
import dev.sandstage.error.SandstageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code tools} verb: lists the tool catalog the configuration selects (name, idempotent,
 * isolation, timeout), sorted by name. Needs no broker. Main thread only.
 */
@Command(name = "tools", mixinStandardHelpOptions = true,
        description = "List the tools of the catalog: name, idempotent, isolation, timeout.")
final class ToolsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Stage configuration file (YAML).")
    Path configFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            StageConfig config = StageConfigLoader.load(Optional.ofNullable(configFile), System.getenv());
            ToolCatalog catalog = config.catalog().path().map(ToolCatalog::load).orElseGet(ToolCatalog::loadDefault);
            lines(catalog.tools().stream().sorted(Comparator.comparing(ToolDefinition::name)).toList())
                    .forEach(out::println);
            return 0;
        } catch (SandstageException e) {
            err.println("tools: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The table: a header, then one aligned row per tool. */
    static List<String> lines(List<ToolDefinition> tools) {
        int width = Math.max(4, tools.stream().mapToInt(t -> t.name().length()).max().orElse(4));
        String format = "%-" + width + "s  %-10s  %-9s  %s";
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        lines.add(String.format(format, "NAME", "IDEMPOTENT", "ISOLATION", "TIMEOUT").stripTrailing());
        for (ToolDefinition t : tools) {
            lines.add(String.format(format, t.name(), t.idempotent() ? "yes" : "no", t.isolation().yamlName(),
                    Quantities.formatDuration(t.timeout())));
        }
        return lines;
    }
}
