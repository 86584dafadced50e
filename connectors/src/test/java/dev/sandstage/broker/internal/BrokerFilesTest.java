package dev.sandstage.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerFilesTest {

    @TempDir
    Path dir;

    @Test
    void clusterIdIsChosenOnceAndThenReused() {
        BrokerFiles files = new BrokerFiles(dir);

        String first = files.clusterId();

        assertThat(first).isNotBlank();
        assertThat(new BrokerFiles(dir).clusterId()).isEqualTo(first);
    }

    @Test
    void keepsALogConfigurationTheUserEdited() throws Exception {
        BrokerFiles files = new BrokerFiles(dir);
        Files.writeString(files.logbackConfig(), "<configuration/>");

        files.writeLogbackConfigIfMissing();

        assertThat(files.logbackConfig()).hasContent("<configuration/>");
    }

    @Test
    void writesTheBundledLogConfigurationWhenMissing() throws Exception {
        BrokerFiles files = new BrokerFiles(dir);

        files.writeLogbackConfigIfMissing();

        assertThat(Files.readString(files.logbackConfig())).contains("ConsoleAppender");
    }
}
