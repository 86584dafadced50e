package dev.sandstage.cli;

import dev.sandstage.error.SandstageException;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.schema.EventCodec;
import dev.sandstage.verify.DecisionSigner;
import dev.sandstage.verify.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code sign} verb: reads one {@code ToolCallDecision} in Avro's JSON encoding on stdin,
 * signs it exactly as the stage verifies ({@link DecisionSigner}: over the Avro single-object
 * binary encoding of the decision with {@code signature} null, whatever encoding the decision
 * travels in) and prints it, signature filled in, as Avro JSON on one line. A policy engine
 * written in any language checks its own signing against it. No broker and no stage involved.
 *
 * <p>Exit status: 0 when signed; 2, with one line on stderr, for a key file that cannot be
 * used or input that is not a decision. Runs on the CLI's main thread.
 */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = {
            "Sign a ToolCallDecision (Avro JSON on stdin) as the stage verifies it; print it signed.",
            "The output is the decision with its signature (key_id, algorithm, value), in Avro JSON on one",
            "line. The signature covers the Avro single-object BINARY encoding of the decision with",
            "signature null, also for decisions sent as JSON (content-type: application/json)."
        })
final class SignCommand implements Callable<Integer> {

    static final int EXIT_BAD_INPUT = 2;
    /** Far above any decision the stage accepts (arguments are capped at 256 KiB by default). */
    static final int MAX_INPUT_BYTES = 16 << 20;

    private static final EventCodec<ToolCallDecision> CODEC = EventCodec.of(ToolCallDecision.class);

    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Option(names = "--key", paramLabel = "FILE", required = true,
            description = "<id>.hmac (hex HMAC-SHA256 secret, the stage's own key file format) or "
                    + "<id>.ed25519 (Ed25519 private key, PKCS#8 PEM as 'openssl genpkey -algorithm ed25519' writes it).")
    Path keyFile;

    @Option(names = "--key-id", paramLabel = "ID",
            description = "Key id to put in the signature (default: the key file's name without its suffix).")
    String keyId;

    @Option(names = "--show-bytes",
            description = "Also print, on stderr, the hex of the bytes the signature covers (to compare with your own).")
    boolean showBytes;

    SignCommand() {
        this(System.in);
    }

    /** For tests: reads the decision from {@code stdin}. */
    SignCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            SigningKey key;
            try {
                key = SigningKey.fromFile(keyFile, keyId);
            } catch (SandstageException | IllegalArgumentException e) {
                return fail(err, "cannot use the key: " + e.getMessage());
            }
            byte[] input = readInput();
            if (input == null) {
                return fail(err, "the decision on stdin is larger than " + MAX_INPUT_BYTES + " bytes");
            }
            ToolCallDecision decision;
            try {
                decision = CODEC.decodeJson(input);
            } catch (SandstageException e) {
                return fail(err, "stdin is not a ToolCallDecision in Avro JSON: " + e.getMessage());
            }
            ToolCallDecision signed = DecisionSigner.signed(decision, key);
            if (showBytes) {
                err.println(HexFormat.of().formatHex(DecisionSigner.signingBytes(signed)));
            }
            out.println(new String(CODEC.encodeJson(signed), StandardCharsets.UTF_8));
            return 0;
        } catch (IOException e) {
            return fail(err, "cannot read stdin: " + e.getMessage());
        } finally {
            out.flush();
            err.flush();
        }
    }

    private byte[] readInput() throws IOException {
        byte[] input = stdin.readNBytes(MAX_INPUT_BYTES + 1);
        return input.length > MAX_INPUT_BYTES ? null : input;
    }

    private static int fail(PrintWriter err, String message) {
        // One line, whatever the cause's message held.
        err.println("sign: " + message.replaceAll("\\s*\\R\\s*", " "));
        return EXIT_BAD_INPUT;
    }
}
