package dev.sandstage.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default catalog with {@code echo} on another runtime ({@code bench e2e --runtime runsc}):
 * the built-in catalog's text with one {@code runtime:} line added to its {@code echo} entry,
 * written with the argument schemas it names into the benchmark's state directory. Main thread only.
 */
final class BenchCatalog {

    private static final String BASE = "/dev/sandstage/catalog/";
    private static final Pattern SCHEMA = Pattern.compile("arguments-schema:\\s*(\\S+)");
    private static final String ECHO_ENTRY = "\n  echo:\n";

    private BenchCatalog() {}

    /** Writes {@code dir/catalog.yaml} (and its schemas) and returns it, for {@code catalog.path}. */
    static Path withEchoOn(Path dir, String runtime) throws IOException {
        String text = new String(resource("default-catalog.yaml"), StandardCharsets.UTF_8);
        if (!text.contains(ECHO_ENTRY)) {
            throw new IllegalStateException("the default catalog has no top-level `echo:` entry to run on " + runtime);
        }
        Matcher m = SCHEMA.matcher(text);
        while (m.find()) {
            Path target = dir.resolve(m.group(1));
            Files.createDirectories(target.getParent());
            Files.write(target, resource(m.group(1)));
        }
        return Files.writeString(dir.resolve("catalog.yaml"),
                text.replace(ECHO_ENTRY, ECHO_ENTRY + "    runtime: " + runtime + "\n"));
    }

    private static byte[] resource(String name) {
        try (InputStream in = BenchCatalog.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + BASE + name + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
