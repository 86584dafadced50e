package dev.sandstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstage.catalog.ToolCatalog;
import dev.sandstage.error.ErrorCode;
import dev.sandstage.events.SignatureAlgorithm;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.DecisionVerifier;
import dev.sandstage.verify.KeyRing;
import dev.sandstage.verify.ReplayGuard;
import dev.sandstage.verify.VerifiableTool;
import dev.sandstage.verify.Verdict;
import dev.sandstage.verify.VerifierSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./sandstage sign}, run in-process: what it prints must pass the stage's own
 * {@link DecisionVerifier} with the stage's own key directory ({@link KeyRing#load}), for HMAC and
 * Ed25519; a bad key file or bad input ends with exit 2 and one line.
 */
class SignCommandTest {

    private static final EventCodec<ToolCallDecision> CODEC = EventCodec.of(ToolCallDecision.class);
    private static final String HEX_SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    @Test
    void signsAJsonDecisionWithTheStagesHmacKeyFileSoTheStagesVerifierAcceptsIt() throws IOException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path key = Files.writeString(keys.resolve("engine-7.hmac"), HEX_SECRET + "\n");

        Run run = sign(decisionJson(), "--key", key.toString());

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.err).isEmpty();
        assertThat(run.out.strip()).doesNotContain("\n");
        JsonNode signature = new ObjectMapper().readTree(run.out).at("/signature/dev.sandstage.events.Signature");
        assertThat(signature.get("key_id").asText()).isEqualTo("engine-7");
        assertThat(signature.get("algorithm").asText()).isEqualTo("HMAC_SHA256");
        assertThat(verify(run.out, keys)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void signsWithAnEd25519PrivateKeyWhosePublicHalfIsInTheStagesKeyDirectory() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("engine-ed.ed25519.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Path privateKey = Files.writeString(dir.resolve("engine-ed.ed25519"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

        Run run = sign(decisionJson(), "--key", privateKey.toString());

        assertThat(run.exit).as(run.err).isZero();
        ToolCallDecision signed = CODEC.decodeJson(run.out.getBytes(StandardCharsets.UTF_8));
        assertThat(signed.getSignature().getKeyId()).isEqualTo("engine-ed");
        assertThat(signed.getSignature().getAlgorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        assertThat(verify(run.out, keys)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void keyIdOptionNamesTheKeyAndASignatureOnTheInputIsReplaced() throws IOException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("prod-1.hmac"), HEX_SECRET);
        Path key = Files.writeString(dir.resolve("secret.hmac"), HEX_SECRET);
        String withStaleSignature = decisionJson().replace("}\n", ", \"signature\": {\"dev.sandstage.events.Signature\":"
                + " {\"key_id\": \"old\", \"algorithm\": \"ED25519\", \"value\": \"junk\"}}}\n");

        Run run = sign(withStaleSignature, "--key", key.toString(), "--key-id", "prod-1");

        assertThat(run.exit).as(run.err).isZero();
        assertThat(CODEC.decodeJson(run.out.getBytes(StandardCharsets.UTF_8)).getSignature().getKeyId()).isEqualTo("prod-1");
        assertThat(verify(run.out, keys)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void theSignatureCoversTheBinaryEncodingSoAChangedFieldFailsAndShowBytesPrintsThem() throws IOException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path key = Files.writeString(keys.resolve("dev.hmac"), HEX_SECRET);

        Run run = sign(decisionJson(), "--key", key.toString(), "--show-bytes");

        assertThat(run.exit).as(run.err).isZero();
        ToolCallDecision signed = CODEC.decodeJson(run.out.getBytes(StandardCharsets.UTF_8));
        assertThat(run.err.strip()).isEqualTo(HexFormat.of().formatHex(DecisionSigner.signingBytes(signed)))
                .startsWith("c301");
        String tampered = run.out.replace("\\\"hi\\\"", "\\\"ho\\\"");
        assertThat(tampered).isNotEqualTo(run.out);
        assertThat(verify(tampered, keys)).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing.hmac", "short.hmac", "nothex.hmac", "two-lines.hmac", "public.ed25519.pub",
        "garbage.ed25519", "notes.txt"})
    void aKeyFileThatCannotSignExitsTwoWithOneLine(String name) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        switch (name) {
            case "short.hmac" -> Files.writeString(dir.resolve(name), "0011223344");
            case "nothex.hmac" -> Files.writeString(dir.resolve(name), "zz" + HEX_SECRET.substring(2));
            case "two-lines.hmac" -> Files.writeString(dir.resolve(name), HEX_SECRET + "\n" + HEX_SECRET);
            case "public.ed25519.pub" -> Files.writeString(dir.resolve(name), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            case "garbage.ed25519" -> Files.writeString(dir.resolve(name), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
            case "notes.txt" -> Files.writeString(dir.resolve(name), HEX_SECRET);
            default -> { }
        }

        Run run = sign(decisionJson(), "--key", dir.resolve(name).toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err.strip()).startsWith("sign: cannot use the key: ").contains(name).doesNotContain("\n")
                .doesNotContain(HEX_SECRET.substring(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{}", "[1, 2]", "{\"decision_id\": 7}", ""})
    void inputThatIsNotADecisionInAvroJsonExitsTwoWithOneLine(String input) throws IOException {
        Path key = Files.writeString(dir.resolve("dev.hmac"), HEX_SECRET);

        Run run = sign(input, "--key", key.toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err.strip()).startsWith("sign: stdin is not a ToolCallDecision in Avro JSON: ").doesNotContain("\n");
    }

    @Test
    void isAVerbOfTheCommandLine() {
        assertThat(SandstageCli.commandLine().getSubcommands()).containsKey("sign");
    }

    /** A decision as a policy engine in another language would write it: optional fields omitted. */
    private static String decisionJson() {
        Instant now = Instant.now();
        return """
                {"decision_id": "d-sign-1", "session_id": "s-1", "tenant_id": "t", "call_id": "c-1", "tool": "echo",
                 "arguments_json": "{\\"message\\":\\"hi\\"}", "allowed": true, "policy_id": "p", "policy_version": "3",
                 "issued_at": %d, "expires_at": %d}
                """.formatted(now.toEpochMilli(), now.plus(Duration.ofMinutes(5)).toEpochMilli());
    }

    private static Verdict verify(String json, Path keys) {
        ToolCatalog catalog = ToolCatalog.loadDefault();
        DecisionVerifier verifier = new DecisionVerifier(VerifierSettings.DEFAULTS, KeyRing.load(keys),
                name -> catalog.find(name).map(VerifiableTool.class::cast), ReplayGuard.NONE, Clock.systemUTC());
        return verifier.verify(CODEC.decodeJson(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static Run sign(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new picocli.CommandLine(new SignCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {
    }
}
