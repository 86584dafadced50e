package dev.sandstage.stage;

import dev.sandstage.config.ConfigException;
import dev.sandstage.config.StageConfig;
import dev.sandstage.config.StageConfigLoader;
import dev.sandstage.host.StateDirectory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * The stage's process entry point: {@code [--config FILE]}. Loads and validates the
 * configuration, starts the {@link Stage}, prints exactly one line {@value #READY} to stdout when
 * it is ready, and on SIGTERM (or SIGINT) stops it and exits 0 (a signal during start takes effect
 * once start has finished, so no warm sandbox is left behind). Exits 1 when the stage fails to
 * start or stops by itself, 2 on bad arguments or configuration. Runs on the main thread; signal
 * handlers run on the JVM's signal thread.
 */
public final class StageMain {

    /** The line printed once the stage is ready. */
    public static final String READY = "sandstage ready";

    private StageMain() {}

    public static void main(String[] args) throws Exception {
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                file = Optional.of(Path.of(args[++i]));
            } else {
                System.err.println("usage: StageMain [--config FILE]");
                System.exit(2);
            }
        }
        StageConfig config;
        try {
            config = StageConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Handlers first: a SIGTERM while the stage starts (image builds, pool warm-up) must not kill
        // the JVM with warm sandboxes left behind; it waits for start to finish, then stops cleanly.
        CountDownLatch signalled = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> signalled.countDown());
        Signal.handle(new Signal("INT"), s -> signalled.countDown());
        Stage stage;
        try {
            stage = Stage.start(config, StateDirectory.fromEnvironment()).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            System.err.println("sandstage failed to start: " + (e.getCause() == null ? e : e.getCause()));
            System.exit(1);
            return;
        }
        if (signalled.getCount() == 0) {
            stage.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
            System.exit(0);
        }
        stage.terminated().onComplete(ar -> signalled.countDown());
        System.out.println(READY);
        System.out.flush();
        signalled.await();
        if (stage.terminated().failed()) {
            System.err.println("sandstage stopped: " + stage.terminated().cause());
            stage.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
            System.exit(1);
        }
        stage.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        System.exit(0);
    }
}
