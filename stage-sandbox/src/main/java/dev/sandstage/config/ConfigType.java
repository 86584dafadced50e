package dev.sandstage.config;

/**
 * The value types a {@link ConfigKey} can have, with the name the README table shows. Immutable;
 * any thread.
 */
public enum ConfigType {
    STRING("string"),
    INT("int"),
    BOOLEAN("boolean"),
    /** {@code 250ms}, {@code 5s}, {@code 2m}: see {@link Quantities#parseDuration}. */
    DURATION("duration"),
    /** Bytes: {@code 512}, {@code 64KiB}, {@code 16Mi}: see {@link Quantities#parseSize}. */
    SIZE("size"),
    PATH("path"),
    ENUM("enum"),
    /** A family of raw properties under a prefix, passed through unparsed. */
    PROPERTIES("properties");

    private final String docName;

    ConfigType(String docName) {
        this.docName = docName;
    }

    /** How the README names the type. */
    public String docName() {
        return docName;
    }
}
