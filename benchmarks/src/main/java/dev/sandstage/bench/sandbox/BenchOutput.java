package dev.sandstage.bench.sandbox;

/** What every mode runs and must read back, so no mode is measured doing less than the others. */
final class BenchOutput {

    static final String EXPECTED = "sandstage-bench";

    private BenchOutput() {}

    static void check(String mode, long exitCode, String stdout) {
        if (exitCode != 0 || !stdout.strip().equals(EXPECTED)) {
            throw new IllegalStateException(mode + ": unexpected result exit=" + exitCode + " stdout=" + stdout.strip());
        }
    }
}
