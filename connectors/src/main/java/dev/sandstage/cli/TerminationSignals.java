package dev.sandstage.cli;

import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a future instead of the JVM's default reaction (run the shutdown
 * hooks and exit with 143 or 130), so that a foreground verb can stop what it runs in order and
 * exit 0. Once installed, the signals no longer end the JVM by themselves: the verb must return.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported; javac warns about it) because the JDK
 * has no supported way to handle SIGTERM other than shutdown hooks, which cannot change the exit
 * status without {@code Runtime.halt}.
 *
 * <p>The future completes with the signal's name on the JVM's signal-dispatch thread; dependent
 * actions registered without an executor run there too.
 */
final class TerminationSignals {

    private TerminationSignals() {}

    /** Installs the handlers; the returned future completes on the first SIGTERM or SIGINT. */
    static CompletableFuture<String> install() {
        CompletableFuture<String> received = new CompletableFuture<>();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> received.complete("SIG" + signal.getName()));
        }
        return received;
    }
}
