package dev.sandstage.host;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.error.SandstageFatalException;
import dev.sandstage.host.internal.DebLayerImage;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The two Python runtimes the tool images are built on, each the image below it plus Debian
 * packages taken from the host's apt ({@link DebLayerImage}: no registry, no network in any
 * container, the host's dpkg state untouched):
 * <ul>
 *   <li>{@value #PYTHON_REPOSITORY}: {@link BaseImage#NAME} (which has only {@code python3-minimal})
 *       plus Debian's {@code python3}, the full standard library ({@code json}, {@code sqlite3},
 *       {@code ssl}, {@code ctypes}, ...). The tools image is built on it.</li>
 *   <li>{@value #PYDATA_REPOSITORY}: that plus {@link #PYDATA_PACKAGES}, for the code interpreter.</li>
 * </ul>
 * Each is tagged with a hash of its parent's image id and its package list, so it is built once
 * per machine and again only when the base image or the list changes. {@code prepare} builds both
 * (it runs as root on a Debian bookworm host, the one place apt is sure to work); the stage and
 * tests call {@link #python}/{@link #pydata} on start and find them present, and build them only
 * on a host that was prepared before these images existed.
 *
 * <p>Why the host's apt and not {@code RUN apt-get install} in the build: a build container would
 * need a network, and no Sandstage container ever gets one (the engine runs with
 * {@code --bridge=none}); the host is Debian bookworm like the base image and already reaches
 * the mirror, so it fetches the packages and the build only installs files it is handed.
 *
 * <p>Blocks the calling thread while building. Builds are serialised within the JVM; two JVMs that
 * build the same tag at once both succeed and the engine keeps the last.
 */
public final class PythonImages {

    public static final String PYTHON_REPOSITORY = "sandstage/python";
    public static final List<String> PYTHON_PACKAGES = List.of("python3");
    public static final String PYDATA_REPOSITORY = "sandstage/pydata";
    /**
     * What {@code run_python} code expects out of the box. {@code python3-munkres} satisfies
     * {@code python3-fonttools}' "scipy or munkres" dependency the small way: without it apt
     * picks {@code python3-scipy}, which pulls pythran, gcc, g++ and Boost (171 MB of .debs
     * instead of 67 MB).
     */
    public static final List<String> PYDATA_PACKAGES = List.of("python3-numpy", "python3-pandas",
            "python3-matplotlib", "python3-requests", "python3-munkres");

    private static final Object BUILD_LOCK = new Object();

    private final DockerClient docker;
    private final String baseImage;
    private final Consumer<String> out;

    /** On {@link BaseImage#NAME}, build progress to {@code out}. */
    public PythonImages(DockerClient docker, Consumer<String> out) {
        this(docker, BaseImage.NAME, out);
    }

    public PythonImages(DockerClient docker, String baseImage, Consumer<String> out) {
        this.docker = docker;
        this.baseImage = baseImage;
        this.out = out;
    }

    /** Makes sure base + {@code python3} exists; returns its content tag. */
    public String python() {
        synchronized (BUILD_LOCK) {
            return ensure(new DebLayerImage(docker, PYTHON_REPOSITORY, PYTHON_PACKAGES), baseImage);
        }
    }

    /** Makes sure {@link #python()} + {@link #PYDATA_PACKAGES} exists; returns its content tag. */
    public String pydata() {
        synchronized (BUILD_LOCK) {
            return ensure(new DebLayerImage(docker, PYDATA_REPOSITORY, PYDATA_PACKAGES), python());
        }
    }

    private String ensure(DebLayerImage image, String parent) {
        try {
            return image.ensure(parent, out);
        } catch (SandstageFatalException e) {
            throw new SandstageFatalException("cannot build a Python runtime image; run `./sandstage prepare` "
                    + "as root on this Docker host: " + e.getMessage(), Map.of("parent", parent), e);
        }
    }
}
