package dev.sandstage.bench.sandbox;

import java.nio.charset.StandardCharsets;

/** The baseline: {@code echo} as a plain host process started with {@link ProcessBuilder}. */
final class BareProcessMode implements CallMode {

    @Override
    public String name() {
        return "bare";
    }

    @Override
    public void open() {}

    @Override
    public void call() throws Exception {
        Process p = new ProcessBuilder("/bin/echo", BenchOutput.EXPECTED).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        BenchOutput.check(name(), code, out);
    }

    @Override
    public void close() {}
}
