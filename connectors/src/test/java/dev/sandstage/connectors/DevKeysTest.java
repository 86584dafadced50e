package dev.sandstage.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.testing.SampleEvents;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.KeyRing;
import dev.sandstage.verify.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeysTest {

    @TempDir
    Path home;

    @Test
    void createsA32ByteHexKeyReadableOnlyByItsOwner() throws Exception {
        StateDirectory state = new StateDirectory(home);

        SigningKey key = DevKeys.ensureDevKey(state);

        Path file = home.resolve("keys/dev.hmac");
        assertThat(key.keyId()).isEqualTo("dev");
        assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.HMAC_SHA256);
        assertThat(Files.readString(file).strip()).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void theSecondCallLoadsTheSameKeyInsteadOfReplacingIt() throws Exception {
        StateDirectory state = new StateDirectory(home);
        SigningKey first = DevKeys.ensureDevKey(state);
        String content = Files.readString(DevKeys.keyFile(state));

        SigningKey second = DevKeys.ensureDevKey(state);

        assertThat(Files.readString(DevKeys.keyFile(state))).isEqualTo(content);
        var decision = SampleEvents.decision();
        assertThat(DecisionSigner.sign(decision, second)).isEqualTo(DecisionSigner.sign(decision, first));
    }

    @Test
    void theStagesKeyRingFindsTheDevKey() {
        DevKeys.ensureDevKey(new StateDirectory(home));

        assertThat(KeyRing.load(home.resolve("keys")).keyIds()).containsExactly("dev");
    }

    @Test
    void aKeyFileThatIsNotHexIsAClearError() throws Exception {
        Files.createDirectories(home.resolve("keys"));
        Files.writeString(home.resolve("keys/dev.hmac"), "not hex\n");

        assertThatThrownBy(() -> DevKeys.ensureDevKey(new StateDirectory(home)))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("cannot load the development key");
    }
}
