package dev.sandstage.image.internal;

import dev.sandstage.error.SandstageFatalException;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * Makes the image's Java runtime with the tools of the JDK this code runs on (the build JDK: the
 * launcher's newest JDK 21+; Debian bookworm packages no Java 21): {@code jdeps
 * --print-module-deps --ignore-missing-deps} over the jars finds the modules, then {@code jlink}
 * links just those into a directory (stripped of debug data, man pages and headers). Both run
 * in-process through {@link ToolProvider}, so a JRE without them is refused with a clear error.
 *
 * <p>Modules loaded only by name at run time escape jdeps, so {@link #RUNTIME_ONLY} adds them:
 * {@code jdk.crypto.ec} holds Ed25519 signature verification on JDK 21 (merged into
 * {@code java.base} later; linked only when the JDK still has it). Blocking; any thread, one
 * call at a time per output directory.
 */
public final class JavaRuntime {

    /** Modules jdeps cannot see because they are found through service loading. */
    public static final List<String> RUNTIME_ONLY = List.of("jdk.crypto.ec");

    private JavaRuntime() {}

    /** The modules the jars need, sorted: jdeps's answer plus {@link #RUNTIME_ONLY} where present. */
    public static Set<String> modules(List<Path> jars) {
        String classpath = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps", "-q",
                "--multi-release", String.valueOf(Runtime.version().feature()), "--class-path", classpath));
        jars.forEach(j -> args.add(j.toString()));
        String out = run("jdeps", args).strip();
        Set<String> modules = new TreeSet<>(Arrays.asList(out.split(",")));
        modules.removeIf(String::isBlank);
        if (modules.isEmpty() || !modules.contains("java.base")) {
            throw new SandstageFatalException("jdeps named no modules", Map.of("output", out));
        }
        RUNTIME_ONLY.stream().filter(m -> ModuleFinder.ofSystem().find(m).isPresent()).forEach(modules::add);
        return modules;
    }

    /** Links {@code modules} into {@code output}, which must not exist yet. */
    public static void link(Set<String> modules, Path output) {
        run("jlink", List.of("--add-modules", String.join(",", modules), "--strip-debug", "--no-man-pages",
                "--no-header-files", "--output", output.toString()));
        if (!Files.isExecutable(output.resolve("bin/java"))) {
            throw new SandstageFatalException("jlink made no bin/java", Map.of("output", output));
        }
    }

    /** The identity of the JDK whose modules {@link #link} uses: its {@code release} file and location. */
    public static String jdkIdentity() {
        Path home = Path.of(System.getProperty("java.home"));
        try {
            return home + "\n" + Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JDK's release file under " + home, e);
        }
    }

    private static String run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() -> new SandstageFatalException(
                tool + " is missing: the stage image needs a full JDK (21 or newer) to build its runtime",
                Map.of("java.home", System.getProperty("java.home"))));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = provider.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (code != 0) {
            throw new SandstageFatalException(tool + " failed: " + (err + " " + out).strip(),
                    Map.of("exit", code));
        }
        return out.toString();
    }
}
