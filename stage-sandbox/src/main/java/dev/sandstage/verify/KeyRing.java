package dev.sandstage.verify;

import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.verify.internal.KeyFiles;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verification keys the stage trusts, by key id. Built once at start-up, usually by
 * {@link #load(Path)} from the configured key directory, and handed to the
 * {@link DecisionVerifier}. Immutable; any thread.
 */
public final class KeyRing {

    private final Map<String, VerificationKey> keys;

    private KeyRing(Map<String, VerificationKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** A ring with no keys: every signed decision is {@code SIGNATURE_KEY_UNKNOWN}. */
    public static KeyRing empty() {
        return new KeyRing(Map.of());
    }

    /** A ring of the given keys. */
    public static KeyRing of(VerificationKey... keys) {
        return of(List.of(keys));
    }

    /**
     * A ring of the given keys.
     *
     * @throws IllegalArgumentException if two keys share an id
     */
    public static KeyRing of(Collection<VerificationKey> keys) {
        Map<String, VerificationKey> byId = new LinkedHashMap<>();
        for (VerificationKey key : keys) {
            if (byId.putIfAbsent(key.keyId(), key) != null) {
                throw new IllegalArgumentException("two keys have the id " + key.keyId());
            }
        }
        return new KeyRing(byId);
    }

    /**
     * Loads every key file in {@code dir}. Each regular file is one key, its id the file name
     * without the suffix:
     * <ul>
     *   <li>{@code <id>.hmac}: the HMAC-SHA256 secret as hex on one line, at least 32 bytes;</li>
     *   <li>{@code <id>.ed25519.pub}: an Ed25519 public key, X.509 PEM
     *       ({@code -----BEGIN PUBLIC KEY-----}) or the bare base64 of the same DER bytes.</li>
     * </ul>
     * Names starting with a dot and sub-directories are skipped (Kubernetes secret volumes hold
     * {@code ..data} links). Any other file is an error rather than ignored, so a misnamed key
     * ({@code key.hmac.txt}) or a private key copied here by mistake fails at start-up instead of
     * turning every decision into {@code SIGNATURE_KEY_UNKNOWN} later.
     *
     * @throws SandstageFatalException naming the file and the reason (never the key material)
     */
    public static KeyRing load(Path dir) {
        return of(KeyFiles.load(dir).stream().map(KeyRing::toKey).toList());
    }

    private static VerificationKey toKey(KeyFiles.LoadedKey loaded) {
        return switch (loaded) {
            case KeyFiles.LoadedKey.Hmac h -> VerificationKey.hmac(h.keyId(), h.secret());
            case KeyFiles.LoadedKey.Ed25519 e -> VerificationKey.ed25519(e.keyId(), e.publicKey());
        };
    }

    /** The key with this id, if configured. */
    public Optional<VerificationKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** Every configured key id. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** Number of keys. */
    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "KeyRing" + keys.values();
    }
}
