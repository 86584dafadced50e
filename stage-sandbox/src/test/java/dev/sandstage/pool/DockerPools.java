package dev.sandstage.pool;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * One {@link DockerPoolFixture} per runtime for a test class, started on first use and closed
 * together from the class's {@code @AfterAll}, so parameterized tests share warm pools.
 */
final class DockerPools implements AutoCloseable {

    private final Class<?> testClass;
    private final UnaryOperator<SandboxClass> tweak;
    private final Map<String, DockerPoolFixture> pools = new ConcurrentHashMap<>();

    DockerPools(Class<?> testClass, UnaryOperator<SandboxClass> tweak) {
        this.testClass = testClass;
        this.tweak = tweak;
    }

    DockerPools(Class<?> testClass) {
        this(testClass, UnaryOperator.identity());
    }

    /** The pool under {@code runtime} ({@code runc} or {@code runsc}). */
    DockerPoolFixture of(String runtime) {
        return pools.computeIfAbsent(runtime, r -> DockerPoolFixture.start(testClass, r, tweak));
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (DockerPoolFixture pool : pools.values()) {
            try {
                pool.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        pools.clear();
        if (first != null) {
            throw first;
        }
    }
}
