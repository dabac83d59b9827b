package io.attnspark.jobs.cli;

import io.attnspark.text.ParallelCorpus;
import io.attnspark.text.PrepThroughput;
import io.attnspark.text.SyntheticCorpus;
import io.attnspark.text.TextConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure throughput of the text path (--prep); the model and Spark suites are not available yet.",
        sortOptions = false,
        description = "With --prep: single-thread throughput of normalise + tokenize + BPE-apply + vocabulary "
                + "lookup over both sides of a parallel corpus, in sentence pairs per second of one core's CPU "
                + "time, without Spark. BPE codes (data.vocab.bpe-merges) and a vocabulary are learned on the "
                + "corpus first, untimed; each round empties the BPE word cache, then encodes the corpus cold "
                + "and again warm. Prints 'prep <metric> <value>' lines (medians of the timed rounds); "
                + "pairs_per_s_per_core is the cold-cache figure.%n%n"
                + "Without --prep (not available yet): ND4J matmul throughput, the attention layer's forward and "
                + "backward pass, one training step of the configured model, decoding speed, and Spark "
                + "parameter-averaging overhead against single-machine training, each suite's median and spread "
                + "printed and, with --out, written as JSON.")
public final class BenchCommand extends AttnsparkCommand {
    static final Set<String> SUITES = Set.of("matmul", "attention", "train-step", "decode", "spark");

    @Option(names = "--prep", description = "Measure the text path of prep (tokenize + apply BPE) instead of the suites.")
    boolean prep;

    @Option(names = "--source", paramLabel = "FILE",
            description = "With --prep: source sentences, one per line, plain or .gz (default: a synthetic Multi30k-like corpus).")
    Path source;

    @Option(names = "--target", paramLabel = "FILE", description = "With --prep: target sentences, line-aligned with --source.")
    Path target;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "30000",
            description = "With --prep and no files: pairs in the synthetic corpus (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--suite", paramLabel = "NAME", split = ",", defaultValue = "matmul,attention,train-step,decode,spark",
            description = "Without --prep: suites to run, comma separated: matmul, attention, train-step, decode, spark (default: all).")
    List<String> suites;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--out", paramLabel = "DIR", description = "Suites only: also write the report (JSON) and resolved.conf here.")
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
        if ((source == null) != (target == null)) {
            throw usage("--source and --target go together");
        }
        boolean pairsGiven = spec.commandLine().getParseResult().hasMatchedOption("--pairs");
        if (!prep && (source != null || pairsGiven)) {
            throw usage("--source, --target and --pairs need --prep");
        }
        if (source != null && pairsGiven) {
            throw usage("--pairs sizes the synthetic corpus; it does not go with --source and --target");
        }
        if (prep && out != null) {
            throw usage("--out is for the suites; --prep prints its report");
        }
        if (pairs < 1) {
            throw usage("--pairs must be at least 1");
        }
    }

    @Override
    protected void run(JobContext context) throws Exception {
        if (!prep) {
            throw CommandFailure.notAvailableYet();
        }
        TextConfig text = TextConfig.read(context.config().section("data"));
        long seed = context.config().section("").getLong("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        ParallelCorpus corpus = source == null ? SyntheticCorpus.generate(pairs, seed) : ParallelCorpus.read(source, target);
        PrepThroughput bench = PrepThroughput.prepare(corpus, text);
        PrepThroughput.Result r = bench.measure(warmup, repeats);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("prep corpus %s; %d pieces per pass; %d + %d BPE merges; vocabulary %d + %d%n", corpus.description(), r.pieces(),
                r.sourceMerges(), r.targetMerges(), bench.sourcePipeline().vocabulary().size(), bench.targetPipeline().vocabulary().size());
        w.printf("prep method one thread, normalise + tokenize + BPE + ids of both sides; median of %d timed rounds after %d warm-up; "
                + "per-core figures use %s; pairs_per_s_per_core has an emptied BPE cache each round (cold), *_warm has every word cached%n",
                r.repeats(), r.warmup(), r.cpuClock() ? "the thread's CPU time" : "wall time (no thread CPU clock)");
        print(w, "pairs", r.pairs());
        print(w, "pieces", r.pieces());
        print(w, "pairs_per_s_per_core", r.coldPairsPerCore());
        print(w, "pairs_per_s_per_core_warm", r.warmPairsPerCore());
        print(w, "pieces_per_s_per_core", r.coldPairsPerCore() * r.pieces() / r.pairs());
        print(w, "pairs_per_s_wall", r.coldPairsPerWall());
        w.flush();
    }

    private static void print(PrintWriter w, String metric, double value) {
        w.println("prep " + metric + " " + String.format(Locale.ROOT, "%.0f", value));
    }
}
