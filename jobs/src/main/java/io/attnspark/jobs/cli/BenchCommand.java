package io.attnspark.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Set;

@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure throughput of the machine, model and Spark (not available yet).", sortOptions = false,
        description = "Measures this machine and this build: ND4J matmul throughput, the attention layer's "
                + "forward and backward pass, one training step of the configured model, decoding speed, and "
                + "Spark parameter-averaging overhead against single-machine training. Each suite runs its "
                + "warm-up rounds and then its timed rounds; the report (median and spread of each, with "
                + "machine and configuration) is printed and, with --out, written as JSON. (Not available yet.)")
public final class BenchCommand extends AttnsparkCommand {
    static final Set<String> SUITES = Set.of("matmul", "attention", "train-step", "decode", "spark");

    @Option(names = "--suite", paramLabel = "NAME", split = ",", defaultValue = "matmul,attention,train-step,decode,spark",
            description = "Suites to run, comma separated: matmul, attention, train-step, decode, spark (default: all).")
    List<String> suites;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", description = "Timed rounds per suite (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write the report (JSON) and resolved.conf here.")
    String out;

    @Override
    protected void checkOptions() {
        for (String suite : suites) {
            if (!SUITES.contains(suite)) {
                throw usage("Unknown suite '" + suite + "' (known: matmul, attention, train-step, decode, spark)");
            }
        }
        if (repeats < 1 || warmup < 0) {
            throw usage("--repeats must be at least 1 and --warmup at least 0");
        }
    }

    @Override
    protected void run(JobContext context) {
        throw CommandFailure.notAvailableYet();
    }
}
