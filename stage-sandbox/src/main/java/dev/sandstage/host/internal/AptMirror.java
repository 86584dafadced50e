package dev.sandstage.host.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Debian mirror the host's apt already uses, so debootstrap fetches from the same
 * place (on machines without internet it is the only one reachable). Reads the deb822
 * {@code sources.list.d/*.sources} files and the one-line {@code sources.list} format.
 *
 * <p>Stateless and thread-safe; the parsing methods are pure.
 */
public final class AptMirror {

    /** Used when no apt source names a mirror for the suite. */
    public static final String FALLBACK = "http://deb.debian.org/debian";

    private AptMirror() {}

    /** The mirror for {@code suite} configured under {@code etcApt} (normally {@code /etc/apt}). */
    public static String forHost(Path etcApt, String suite) {
        List<Path> sources = new ArrayList<>();
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.sorted().forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        sources.add(etcApt.resolve("sources.list"));
        for (Path file : sources) {
            Optional<String> found = fromFile(file, suite);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return FALLBACK;
    }

    /**
     * The codename of the release the host runs ({@code VERSION_CODENAME} in
     * {@code /etc/os-release}), or {@code fallback} when the file names none.
     */
    public static String hostSuite(Path osRelease, String fallback) {
        try {
            return Files.readAllLines(osRelease).stream()
                    .filter(l -> l.startsWith("VERSION_CODENAME="))
                    .map(l -> l.substring("VERSION_CODENAME=".length()).replace("\"", "").strip())
                    .filter(s -> !s.isEmpty())
                    .findFirst()
                    .orElse(fallback);
        } catch (IOException e) {
            return fallback;
        }
    }

    private static Optional<String> fromFile(Path file, String suite) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file) || !(name.endsWith(".sources") || name.endsWith(".list"))) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file);
            return name.endsWith(".sources") ? fromDeb822(text, suite) : fromOneLine(text, suite);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first http(s) URI of a {@code Types: deb} stanza whose {@code Suites} has {@code suite}. */
    public static Optional<String> fromDeb822(String text, String suite) {
        for (String stanza : text.split("\\n\\s*\\n")) {
            List<String> types = field(stanza, "types");
            List<String> suites = field(stanza, "suites");
            if (types.contains("deb") && suites.contains(suite) && !isDisabled(stanza)) {
                Optional<String> uri = field(stanza, "uris").stream().filter(AptMirror::isHttp).findFirst();
                if (uri.isPresent()) {
                    return uri.map(AptMirror::trimSlash);
                }
            }
        }
        return Optional.empty();
    }

    /** The URI of the first {@code deb URI suite ...} line for {@code suite}, options allowed. */
    public static Optional<String> fromOneLine(String text, String suite) {
        for (String raw : text.split("\\n")) {
            String line = raw.strip().replaceAll("\\[[^]]*]", " ").strip();
            String[] words = line.split("\\s+");
            if (words.length >= 3 && words[0].equals("deb") && words[2].equals(suite) && isHttp(words[1])) {
                return Optional.of(trimSlash(words[1]));
            }
        }
        return Optional.empty();
    }

    /** The whitespace-separated values of a deb822 field; comment lines are ignored. */
    private static List<String> field(String stanza, String name) {
        for (String line : stanza.split("\\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return Arrays.asList(line.substring(colon + 1).strip().split("\\s+"));
            }
        }
        return List.of();
    }

    private static boolean isDisabled(String stanza) {
        return field(stanza, "enabled").contains("no");
    }

    private static boolean isHttp(String uri) {
        return uri.startsWith("http://") || uri.startsWith("https://");
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
