package dev.sandstage.publish.internal;

import dev.sandstage.error.SandstageException;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.error.SandstageRetriableException;
import java.util.Map;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** Sorts producer exceptions into the stage's fatal and retriable branches. */
public final class ProducerFailures {

    private ProducerFailures() {
    }

    /**
     * True when the producer cannot continue: another producer took its transactional id, or it
     * lacks rights or features. Looks through causes, because the client wraps the original.
     */
    public static boolean isFatal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException
                    || t instanceof OutOfOrderSequenceException || t instanceof AuthorizationException
                    || t instanceof TransactionalIdAuthorizationException || t instanceof AuthenticationException
                    || t instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return false;
    }

    public static SandstageException classify(String message, String transactionalId, RuntimeException error) {
        if (error instanceof RetriableException) {
            return retriable(message, transactionalId, error);
        }
        return isFatal(error) ? fatal(message, transactionalId, error) : retriable(message, transactionalId, error);
    }

    public static SandstageFatalException fatal(String message, String transactionalId, Throwable cause) {
        return new SandstageFatalException(message, Map.of("transactional.id", transactionalId), cause);
    }

    public static SandstageRetriableException retriable(String message, String transactionalId, Throwable cause) {
        return new SandstageRetriableException(message, Map.of("transactional.id", transactionalId), cause);
    }
}
