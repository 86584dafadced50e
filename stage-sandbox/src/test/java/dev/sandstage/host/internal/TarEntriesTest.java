package dev.sandstage.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.agent.internal.TarArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TarEntriesTest {

    @Test
    void readsTheFirstRegularFile() throws IOException {
        byte[] status = "Package: python3-minimal\nStatus: install ok installed\n".getBytes(StandardCharsets.UTF_8);
        byte[] tar = new TarArchive().add("status", status, 0644).add("other", new byte[700], 0644).finish();

        assertThat(TarEntries.firstFile(new ByteArrayInputStream(tar))).isEqualTo(status);
    }

    @Test
    void anEmptyArchiveIsAnError() {
        byte[] tar = new TarArchive().finish();

        assertThatThrownBy(() -> TarEntries.firstFile(new ByteArrayInputStream(tar)))
                .isInstanceOf(IOException.class).hasMessageContaining("no regular file");
    }
}
