package dev.sandstage.host;

/**
 * The base image every Sandstage container starts from: Debian bookworm, minbase variant, with
 * {@code python3-minimal}. {@code prepare} builds it locally (debootstrap, then docker import)
 * because the build machines reach no container registry; tool images derive from it.
 *
 * <p>Constants only.
 */
public final class BaseImage {

    public static final String REPOSITORY = "sandstage/base";
    public static final String TAG = "bookworm";
    /** {@code sandstage/base:bookworm}. */
    public static final String NAME = REPOSITORY + ":" + TAG;
    /** The Debian suite debootstrap installs. */
    public static final String SUITE = "bookworm";
    /** Packages added to the minbase variant. */
    public static final String EXTRA_PACKAGES = "python3-minimal";
    /** Label whose value says how the image was built. */
    public static final String RECIPE_LABEL = "dev.sandstage.base.recipe";
    /** Environment variable that, set to {@code true}, allows starting from a registry image. */
    public static final String FROM_REGISTRY_ENV = "SANDSTAGE_BASE_FROM_REGISTRY";
    /** The registry image tried first when {@link #FROM_REGISTRY_ENV} is {@code true}. */
    public static final String REGISTRY_BASE = "debian:bookworm-slim";

    private BaseImage() {}
}
