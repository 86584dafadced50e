package dev.sandstage.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.host.internal.Processes;
import dev.sandstage.host.internal.TrixieRunsc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After {@code prepare}, the engine's runsc is current, and on a host where prepare took it from
 * Debian 13 (trixie) apt takes nothing else from there: every other package keeps its own
 * release's candidate. Asks the real engine and the real apt ({@code apt-cache policy}).
 */
class GvisorIT {

    /** Packages trixie has newer versions of than bookworm: each must stay a candidate of -1 there. */
    private static final List<String> OTHERS = List.of("coreutils", "libc6", "python3", "docker.io");
    private static final Pattern VERSION_ROW = Pattern.compile("^ (?:\\*\\*\\*| {3}) (\\S+) (-?\\d+)$");
    private static final Pattern SOURCE_ROW = Pattern.compile("^ {8}\\s*-?\\d+ (\\S+) (\\S+)/.*$");

    @BeforeAll
    static void prepareHost() {
        Path repoRoot = Path.of(System.getProperty("sandstage.repo.root", ""));
        new HostPreparer(System.getenv(), StateDirectory.from(System.getenv(), repoRoot), System.out::println).prepare();
    }

    @Test
    void theRunscTheEngineStartsIsFrom2024OrLater() {
        HostFacts.Runsc runsc = new HostProbe(System.getenv(), StateDirectory.fromEnvironment()).probe().runsc();

        assertThat(runsc.versionLine()).as("%s", runsc).isNotNull();
        assertThat(RunscVersion.parse(runsc.versionLine()).current()).as(runsc.versionLine()).isTrue();
    }

    @Test
    void fromTrixieAptTakesRunscAndNothingElse() {
        TrixieRunsc trixie = new TrixieRunsc(Path.of("/etc/apt"));
        if (!Files.exists(trixie.sourcesFile())) {
            // This host's runsc was current before prepare, so prepare added no trixie source.
            assertThat(Files.exists(trixie.preferencesFile())).isFalse();
            return;
        }

        List<Row> runsc = policy("runsc");
        assertThat(runsc).filteredOn(Row::fromTrixie).isNotEmpty()
                .allSatisfy(r -> assertThat(r.priority()).isEqualTo(990));
        assertThat(installed("runsc")).isIn(runsc.stream().filter(Row::fromTrixie).map(Row::version).toList());
        for (String pkg : OTHERS) {
            List<Row> rows = policy(pkg);
            assertThat(rows).as(pkg).filteredOn(Row::fromTrixie).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.priority()).as(pkg + " " + r.version()).isEqualTo(-1));
            assertThat(installed(pkg)).as(pkg)
                    .isNotIn(rows.stream().filter(Row::fromTrixie).map(Row::version).toList());
        }
    }

    /** One version of a package in {@code apt-cache policy}: its pin priority and whether trixie offers it. */
    private record Row(String version, int priority, boolean fromTrixie) {}

    private static List<Row> policy(String pkg) {
        List<Row> rows = new ArrayList<>();
        String version = null;
        int priority = 0;
        boolean trixie = false;
        for (String line : apt("apt-cache", "policy", pkg).lines().toList()) {
            Matcher v = VERSION_ROW.matcher(line);
            Matcher s = SOURCE_ROW.matcher(line);
            if (v.matches()) {
                if (version != null) {
                    rows.add(new Row(version, priority, trixie));
                }
                version = v.group(1);
                priority = Integer.parseInt(v.group(2));
                trixie = false;
            } else if (s.matches() && s.group(2).equals(TrixieRunsc.SUITE)) {
                trixie = true;
            }
        }
        if (version != null) {
            rows.add(new Row(version, priority, trixie));
        }
        return rows;
    }

    private static String installed(String pkg) {
        return apt("dpkg-query", "-W", "-f=${Version}", pkg).strip();
    }

    private static String apt(String... command) {
        Processes.Result result = Processes.capture(List.of(command)).orElseThrow();
        assertThat(result.ok()).as(result.output()).isTrue();
        return result.output();
    }
}
