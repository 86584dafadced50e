package dev.sandstage.bench.e2e;

import dev.sandstage.host.StateDirectory;
import dev.sandstage.verify.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A throwaway HMAC key for one benchmark run, written where the stage's key ring reads it. */
record BenchKeys(Path dir, SigningKey signingKey) {

    static final String KEY_ID = "bench";

    static BenchKeys create(StateDirectory state) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path dir = state.subdirectory("keys");
        Files.writeString(dir.resolve(KEY_ID + ".hmac"), HexFormat.of().formatHex(secret) + "\n");
        return new BenchKeys(dir, SigningKey.hmac(KEY_ID, secret));
    }
}
