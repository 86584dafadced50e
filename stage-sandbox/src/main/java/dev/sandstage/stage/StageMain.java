package dev.sandstage.stage;

import dev.sandstage.config.ConfigException;
import dev.sandstage.config.StageConfig;
import dev.sandstage.config.StageConfigLoader;
import dev.sandstage.host.StateDirectory;
import dev.sandstage.logging.LogFormats;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The stage's process entry point: {@code [--config FILE]}. Loads and validates the
 * configuration, starts the {@link Stage}, prints exactly one line {@value #READY} to stdout when
 * it is ready, and on SIGTERM (or SIGINT) stops it and exits 0 (a signal during start takes effect
 * once start has finished, so no warm sandbox is left behind). Exits 1 when the stage fails to
 * start or stops by itself, 2 on bad arguments or configuration. Applies {@code log.format}
 * ({@link LogFormats}) once the configuration is valid; usage and configuration errors come
 * before that and are plain lines on stderr. Runs on the main thread; signal handlers run on the
 * JVM's signal thread.
 */
public final class StageMain {

    /** The line printed once the stage is ready. */
    public static final String READY = "sandstage ready";

    private static final Logger LOG = LoggerFactory.getLogger(StageMain.class);

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
        LogFormats.apply(config.logFormat());
        // Handlers first: a SIGTERM while the stage starts (image builds, pool warm-up) must not kill
        // the JVM with warm sandboxes left behind; it waits for start to finish, then stops cleanly.
        CountDownLatch signalled = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> signalled.countDown());
        Signal.handle(new Signal("INT"), s -> signalled.countDown());
        Stage stage;
        try {
            stage = Stage.start(config, StateDirectory.fromEnvironment()).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            LOG.error("sandstage failed to start", e.getCause() == null ? e : e.getCause());
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
            LOG.error("sandstage stopped", stage.terminated().cause());
            stage.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
            System.exit(1);
        }
        stage.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        System.exit(0);
    }
}
