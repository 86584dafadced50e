package dev.sandstage.schema.internal;

import java.io.IOException;

/** Bytes that cannot be an Avro binary encoding (as opposed to bytes that merely end too soon). */
public final class MalformedBytesException extends IOException {

    public MalformedBytesException(String message) {
        super(message);
    }
}
