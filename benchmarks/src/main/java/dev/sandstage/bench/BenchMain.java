package dev.sandstage.bench;

import java.util.Arrays;

/**
 * Entry point of {@code ./sandstage bench}: picks a benchmark by name and hands it the rest of
 * the arguments. Runs on the main thread; benchmarks that need more threads name their own.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "codec" -> runJmh(EventCodecBenchmark.class.getSimpleName(), rest);
                // "compare" is the name DESIGN section 9 gives the side-by-side table.
                case "sandbox", "compare" -> dev.sandstage.bench.sandbox.SandboxBench.main(rest);
                case "interpreter" -> dev.sandstage.bench.sandbox.InterpreterBench.main(rest);
                case "e2e" -> dev.sandstage.bench.e2e.E2eBench.main(rest);
                case "txn" -> dev.sandstage.bench.e2e.TransactionFloorBench.main(rest);
                default -> {
                    System.err.println("bench: unknown benchmark '" + args[0] + "'");
                    usage();
                    System.exit(2);
                }
            }
        } catch (dev.sandstage.config.ConfigException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            // A bad option: say which, without a stack trace (ConfigException names the option and the reason).
            System.err.println("bench " + args[0] + ": " + (e instanceof ArrayIndexOutOfBoundsException
                    ? "an option is missing its value" : e.getMessage()));
            System.exit(2);
        }
    }

    /** Runs the JMH benchmarks whose names match {@code pattern}, passing JMH's own options through. */
    private static void runJmh(String pattern, String[] jmhArgs) throws Exception {
        String[] all = new String[jmhArgs.length + 1];
        all[0] = pattern;
        System.arraycopy(jmhArgs, 0, all, 1, jmhArgs.length);
        org.openjdk.jmh.Main.main(all);
    }

    private static void usage() {
        System.out.println("""
                usage: ./sandstage bench BENCHMARK [options]
                  sandbox [--calls N] [--json FILE]   per-call latency: bare process, docker exec, cold run, warm pool (alias: compare)
                  interpreter [--runtime runc|runsc]   image sizes, the code interpreter pool's warm-up and its first run_python calls (both runtimes by default)
                  e2e [--rate R] [--duration D] [--warmup D] [--runtime runc|runsc] [--json FILE] [--trace FILE]   decision-to-result latency and throughput through Kafka (exactly-once); warm-up 60s by default; --trace: one CSV line per decision
                  txn [--count N] [--json FILE]   Kafka alone: a record in, one exactly-once transaction out (the floor under e2e)
                  codec [JMH options]   encode/decode of a decision, binary and JSON (JMH; e.g. -f 1 -wi 2 -i 3)
                """);
    }
}
