package dev.sandstage.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.error.SandstageFatalException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DaemonJsonTest {

    private static final Path FILE = Path.of("/etc/docker/daemon.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createsRunscEntryWhenFileIsMissing() throws Exception {
        DaemonJson.Merge merge = DaemonJson.registerRunsc(null, FILE, "/usr/bin/runsc");

        assertThat(merge.changed()).isTrue();
        JsonNode runsc = JSON.readTree(merge.json()).at("/runtimes/runsc");
        assertThat(runsc.get("path").asText()).isEqualTo("/usr/bin/runsc");
        assertThat(runsc.get("runtimeArgs").toString()).isEqualTo("[\"--network=none\",\"--oci-seccomp\"]");
    }

    @Test
    void keepsUnrelatedKeysAndOtherRuntimes() throws Exception {
        String existing = """
                {"log-level": "warn", "data-root": "/srv/docker",
                 "runtimes": {"kata": {"path": "/opt/kata/bin/kata-runtime"}},
                 "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}}}
                """;

        DaemonJson.Merge merge = DaemonJson.registerRunsc(existing, FILE, "/usr/bin/runsc");

        JsonNode root = JSON.readTree(merge.json());
        assertThat(merge.changed()).isTrue();
        assertThat(root.get("log-level").asText()).isEqualTo("warn");
        assertThat(root.get("data-root").asText()).isEqualTo("/srv/docker");
        assertThat(root.at("/default-ulimits/nofile/Hard").asInt()).isEqualTo(2048);
        assertThat(root.at("/runtimes/kata/path").asText()).isEqualTo("/opt/kata/bin/kata-runtime");
        assertThat(root.at("/runtimes/runsc/path").asText()).isEqualTo("/usr/bin/runsc");
    }

    @Test
    void secondMergeChangesNothingAndKeepsTheBytes() {
        String once = DaemonJson.registerRunsc("{\"debug\": false}", FILE, "/usr/bin/runsc").json();

        DaemonJson.Merge twice = DaemonJson.registerRunsc(once, FILE, "/usr/bin/runsc");

        assertThat(twice.changed()).isFalse();
        assertThat(twice.json()).isEqualTo(once);
    }

    @Test
    void fileWrittenByHandWithSameMeaningIsLeftAlone() {
        String byHand = "{\"runtimes\":{\"runsc\":{\"path\":\"/usr/bin/runsc\",\"runtimeArgs\":[\"--network=none\",\"--oci-seccomp\"]}}}";

        DaemonJson.Merge merge = DaemonJson.registerRunsc(byHand, FILE, "/usr/local/bin/runsc");

        assertThat(merge.changed()).isFalse();
        assertThat(merge.json()).isEqualTo(byHand);
    }

    @Test
    void existingRunscKeepsItsPathAndArgumentsAndGainsTheRequiredOnes() throws Exception {
        String existing = "{\"runtimes\":{\"runsc\":{\"path\":\"/opt/gvisor/runsc\",\"runtimeArgs\":[\"--platform=ptrace\"]}}}";

        DaemonJson.Merge merge = DaemonJson.registerRunsc(existing, FILE, "/usr/bin/runsc");

        JsonNode runsc = JSON.readTree(merge.json()).at("/runtimes/runsc");
        assertThat(merge.changed()).isTrue();
        assertThat(runsc.get("path").asText()).isEqualTo("/opt/gvisor/runsc");
        assertThat(runsc.get("runtimeArgs").toString()).isEqualTo("[\"--platform=ptrace\",\"--network=none\",\"--oci-seccomp\"]");
    }

    @Test
    void unparseableFileIsAFatalErrorNamingTheFile() {
        assertThatThrownBy(() -> DaemonJson.registerRunsc("{\"runtimes\": {", FILE, "/usr/bin/runsc"))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("file=/etc/docker/daemon.json");
    }

    @Test
    void nonObjectRuntimesIsAFatalErrorNamingTheFile() {
        assertThatThrownBy(() -> DaemonJson.registerRunsc("{\"runtimes\": [\"runsc\"]}", FILE, "/usr/bin/runsc"))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("\"runtimes\" is not a JSON object")
                .hasMessageContaining("file=/etc/docker/daemon.json");
    }

    @Test
    void blankFileCountsAsEmptyConfig() {
        assertThat(DaemonJson.registerRunsc("  \n", FILE, "/usr/bin/runsc").changed()).isTrue();
    }

    @Test
    void aReplacedGvisorTakesOverTheRegisteredPathAndKeepsTheArguments() throws Exception {
        String existing = "{\"runtimes\":{\"runsc\":{\"path\":\"/usr/local/bin/runsc\",\"runtimeArgs\":"
                + "[\"--platform=ptrace\",\"--network=none\",\"--oci-seccomp\"]}}}";

        DaemonJson.Merge kept = DaemonJson.registerRunsc(existing, FILE, "/usr/bin/runsc", false);
        DaemonJson.Merge replaced = DaemonJson.registerRunsc(existing, FILE, "/usr/bin/runsc", true);

        assertThat(kept.changed()).isFalse();
        assertThat(replaced.changed()).isTrue();
        JsonNode runsc = JSON.readTree(replaced.json()).at("/runtimes/runsc");
        assertThat(runsc.get("path").asText()).isEqualTo("/usr/bin/runsc");
        assertThat(runsc.get("runtimeArgs").toString())
                .isEqualTo("[\"--platform=ptrace\",\"--network=none\",\"--oci-seccomp\"]");
        assertThat(DaemonJson.registerRunsc(replaced.json(), FILE, "/usr/bin/runsc", true).changed()).isFalse();
    }

    @Test
    void theRegisteredRunscPathIsReadWhenThereIsOne() {
        assertThat(DaemonJson.runscPath("{\"runtimes\":{\"runsc\":{\"path\":\"/opt/gvisor/runsc\"}}}", FILE))
                .contains("/opt/gvisor/runsc");
        assertThat(DaemonJson.runscPath("{\"runtimes\":{\"kata\":{\"path\":\"/opt/kata\"}}}", FILE)).isEmpty();
        assertThat(DaemonJson.runscPath(null, FILE)).isEmpty();
    }
}
