package dev.sandstage.http;

import dev.sandstage.config.HttpSettings;
import dev.sandstage.config.StageConfigKeys;
import dev.sandstage.http.internal.JsonBodies;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating endpoints on loopback: {@code /health/live} (200 while the process runs),
 * {@code /health/ready} (200 when the {@link ReadinessProbe} says ready, else 503 with what is
 * missing), {@code /metrics} (Prometheus text), {@code /pool} (JSON of the pool view),
 * {@code /schemas} (the fingerprints of the schemas on the stage's topics) and
 * {@code /schemas/<fingerprint>} (one schema's JSON; see {@link SchemaListing}). GET and HEAD only.
 *
 * <p>Deployed once by the stage's main entry point. Requests arrive on this verticle's event loop;
 * the probe, the scrape and the pool view run on Vert.x worker threads because they may take
 * locks; the schemas are answered on the event loop from the immutable listing.
 * {@link #actualPort()} is safe from any thread once {@code start} has completed.
 */
public final class HttpServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
    private static final String JSON = "application/json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String SCHEMA_PREFIX = "/schemas/";

    private final HttpSettings settings;
    private final PrometheusMeterRegistry registry;
    private final ReadinessProbe readiness;
    private final Supplier<?> poolView;
    private final SchemaListing schemas;
    private volatile HttpServer server;

    /**
     * @param settings where to listen; the host must be loopback
     * @param registry the registry {@link StageMetrics} records into
     * @param readiness asked on every {@code /health/ready}
     * @param poolView what {@code /pool} shows, e.g. {@code pool::snapshot}; written with Jackson
     * @param schemas what {@code /schemas} and {@code /schemas/<fingerprint>} serve
     */
    public HttpServerVerticle(HttpSettings settings, PrometheusMeterRegistry registry, ReadinessProbe readiness,
            Supplier<?> poolView, SchemaListing schemas) {
        this.settings = settings;
        this.registry = registry;
        this.readiness = readiness;
        this.poolView = poolView;
        this.schemas = schemas;
    }

    @Override
    public Future<?> start() {
        if (!StageConfigKeys.LOOPBACK.equals(settings.host())) {
            // The loader already refuses this; a hand-built HttpSettings must not bypass it.
            return Future.failedFuture(new IllegalArgumentException(
                    "the HTTP endpoints listen on loopback only, not on " + settings.host()));
        }
        return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()))
                .requestHandler(this::handle)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP endpoints listening on http://{}:{}/", settings.host(), s.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        HttpServer s = server;
        return s == null ? Future.succeededFuture() : s.close();
    }

    /** The port actually bound (the OS's choice when configured as 0); -1 before start completes. */
    public int actualPort() {
        HttpServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return;
        }
        switch (request.path()) {
            case "/health/live" -> respond(request, 200, JSON, "{\"live\":true}");
            case "/health/ready" -> blocking(request, readiness::check, r ->
                    new Reply(r.ready() ? 200 : 503, JSON, JsonBodies.write(r)));
            case "/metrics" -> blocking(request, registry::scrape, text -> new Reply(200, PROMETHEUS_TEXT, text));
            case "/pool" -> blocking(request, poolView::get, view -> new Reply(200, JSON, JsonBodies.write(view)));
            case "/schemas" -> respond(request, 200, JSON, schemas.listingJson());
            default -> {
                if (request.path().startsWith(SCHEMA_PREFIX)) {
                    Reply reply = schema(request.path().substring(SCHEMA_PREFIX.length()));
                    respond(request, reply.status(), reply.contentType(), reply.body());
                } else {
                    respond(request, 404, JSON, JsonBodies.write(Map.of("error", "not found", "paths",
                            new String[] {"/health/live", "/health/ready", "/metrics", "/pool", "/schemas",
                                    SCHEMA_PREFIX + "<fingerprint>"})));
                }
            }
        }
    }

    private Reply schema(String fingerprint) {
        Optional<String> json;
        try {
            json = schemas.schemaJson(fingerprint);
        } catch (IllegalArgumentException e) {
            return new Reply(400, JSON, JsonBodies.write(Map.of("error", e.getMessage())));
        }
        String hex = fingerprint.toLowerCase(Locale.ROOT);
        return json.map(body -> new Reply(200, JSON, body)).orElseGet(() -> new Reply(404, JSON, JsonBodies.write(
                Map.of("error", "no schema on this stage's topics has fingerprint " + hex + "; GET /schemas lists them",
                        "fingerprint", hex))));
    }

    private record Reply(int status, String contentType, String body) {}

    private <T> void blocking(HttpServerRequest request, Callable<T> work, java.util.function.Function<T, Reply> reply) {
        vertx.executeBlocking(() -> reply.apply(work.call()), false).onComplete(ar -> {
            if (ar.succeeded()) {
                respond(request, ar.result().status(), ar.result().contentType(), ar.result().body());
            } else {
                LOG.error("HTTP {} failed", request.path(), ar.cause());
                respond(request, 500, JSON, JsonBodies.write(Map.of("error", String.valueOf(ar.cause()))));
            }
        });
    }

    private static void respond(HttpServerRequest request, int status, String contentType, String body) {
        var response = request.response().setStatusCode(status).putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-store");
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)).end();
        } else {
            response.end(body);
        }
    }
}
