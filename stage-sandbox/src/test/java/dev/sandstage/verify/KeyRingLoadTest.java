package dev.sandstage.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.testing.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingLoadTest {

    /** A test key, not a secret: a counting pattern used only by this test. */
    private static final String SECRET_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    @Test
    void loadsHmacAndEd25519KeysThatVerifyRealSignatures() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(dir.resolve("dev.hmac"), SECRET_HEX + "\n");
        Files.writeString(dir.resolve("policy-1.ed25519.pub"), pem(pair.getPublic().getEncoded()));
        Files.writeString(dir.resolve("policy-2.ed25519.pub"), Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        Files.createDirectory(dir.resolve("..data"));
        Files.writeString(dir.resolve(".hidden"), "ignored");

        KeyRing ring = KeyRing.load(dir);

        assertThat(ring.keyIds()).containsExactlyInAnyOrder("dev", "policy-1", "policy-2");
        assertThat(ring.find("dev").orElseThrow().algorithm()).isEqualTo(SignatureAlgorithm.HMAC_SHA256);
        assertThat(ring.find("policy-1").orElseThrow().algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        assertThat(verify(ring, SigningKey.hmac("dev", HexFormat.of().parseHex(SECRET_HEX)))).isInstanceOf(Verdict.Accepted.class);
        assertThat(verify(ring, SigningKey.ed25519("policy-1", pair.getPrivate()))).isInstanceOf(Verdict.Accepted.class);
        assertThat(verify(ring, SigningKey.ed25519("policy-2", pair.getPrivate()))).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void emptyDirectoryGivesAnEmptyRing() {
        assertThat(KeyRing.load(dir).size()).isZero();
    }

    @Test
    void rejectsMissingDirectory() {
        assertLoadFails("key directory does not exist", dir.resolve("absent"));
    }

    @Test
    void rejectsHmacKeyThatIsNotHexWithoutEchoingIt() throws IOException {
        Files.writeString(dir.resolve("bad.hmac"), "zz" + SECRET_HEX.substring(2));

        assertLoadFails("bad.hmac", dir).hasMessageContaining("not hexadecimal").hasMessageNotContaining("zz112233");
    }

    @Test
    void rejectsHmacKeyShorterThan32Bytes() throws IOException {
        Files.writeString(dir.resolve("short.hmac"), SECRET_HEX.substring(0, 62));

        assertLoadFails("short.hmac", dir).hasMessageContaining("31 bytes, at least 32");
    }

    @Test
    void rejectsHmacKeyFileOfSeveralLines() throws IOException {
        Files.writeString(dir.resolve("two.hmac"), SECRET_HEX + "\n" + SECRET_HEX + "\n");

        assertLoadFails("two.hmac", dir).hasMessageContaining("one line");
    }

    @Test
    void rejectsPemThatIsNotAnEd25519PublicKey() throws IOException {
        Files.writeString(dir.resolve("junk.ed25519.pub"), pem("not a key at all".getBytes()));

        assertLoadFails("junk.ed25519.pub", dir).hasMessageContaining("not an X.509 Ed25519 public key");
    }

    @Test
    void rejectsPemOfAnotherAlgorithm() throws Exception {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Files.writeString(dir.resolve("ec.ed25519.pub"), pem(ec.getPublic().getEncoded()));

        assertLoadFails("ec.ed25519.pub", dir).hasMessageContaining("Ed25519");
    }

    @Test
    void rejectsPrivateKeyInThePublicKeyFile() throws IOException {
        Files.writeString(dir.resolve("oops.ed25519.pub"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertLoadFails("oops.ed25519.pub", dir).hasMessageContaining("holds a private key").hasMessageNotContaining("AAAA");
    }

    @Test
    void rejectsFilesWithAnUnknownSuffixRatherThanIgnoringThem() throws IOException {
        Files.writeString(dir.resolve("dev.hmac.txt"), SECRET_HEX);

        assertLoadFails("dev.hmac.txt", dir).hasMessageContaining("not a key file");
    }

    @Test
    void rejectsTwoFilesForOneKeyId() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(dir.resolve("k.hmac"), SECRET_HEX);
        Files.writeString(dir.resolve("k.ed25519.pub"), pem(pair.getPublic().getEncoded()));

        assertLoadFails("key id 'k' is also defined by", dir);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ?> assertLoadFails(String text, Path dir) {
        return assertThatThrownBy(() -> KeyRing.load(dir))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining(text)
                .hasMessageContaining("file=");
    }

    private static Verdict verify(KeyRing ring, SigningKey key) {
        ToolCallDecision decision = DecisionSigner.signed(SampleEvents.decision(), key);
        VerifierFixture fx = new VerifierFixture();
        ToolLookup tools = name -> Optional.of(fx.describeInstance);
        return new DecisionVerifier(VerifierSettings.DEFAULTS, ring, tools, ReplayGuard.NONE, fx.clock).verify(decision);
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
    }
}
