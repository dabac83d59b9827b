package io.attnspark.jobs.cli;

import io.attnspark.jobs.bench.BenchRun;
import io.attnspark.jobs.bench.BenchRunRequest;
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

@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure training and decoding throughput of the benchmark models (against PyTorch with --compare), "
                + "parameter-averaging overhead (--spark), scaling over cluster executors (--cluster) or the text path "
                + "of prep (--prep).",
        sortOptions = false,
        description = "Models: the project's own model classes at the shapes of the PyTorch reference (batch 64 x 16 "
                + "tokens, vocabulary 8000, float32, Adam), configured by conf/bench/<model>.conf. Phase 'train' is "
                + "forward + backward + update in target tokens/s; 'decode' is greedy decoding of 16 steps at batch 64 "
                + "in generated tokens/s. Warm-up rounds are excluded and the median of the timed steps is printed as "
                + "'<model> <phase> <tokens_per_s>' (progress goes to stderr).%n%n"
                + "--compare then runs the PyTorch reference script (--python, --torch) with the same thread count and "
                + "prints 'ratio <model> <phase> ours=.. pytorch=.. ratio=..' per line with its goal; when Python or "
                + "PyTorch is missing it says so and keeps our figures.%n%n"
                + "--spark: the configured model (--conf, default the quickstart's) on random minibatches, trained on "
                + "one machine and by parameter averaging with spark.workers workers on spark.master; prints both "
                + "tokens/s and their ratio.%n%n"
                + "--cluster: the same model and minibatches trained by parameter averaging on a standalone cluster of "
                + "one single-core worker, then of two (each started on 127.0.0.1 for the measurement and stopped after "
                + "it; --master is not used); prints 'cluster one_executor_train', 'cluster two_executors_train' and "
                + "'cluster two_over_one'.%n%n"
                + "--prep: single-thread throughput of normalise + tokenize + BPE-apply + vocabulary lookup over both "
                + "sides of a parallel corpus, in sentence pairs per second of one core's CPU time, without Spark. BPE "
                + "codes (data.vocab.bpe-merges) and a vocabulary are learned on the corpus first, untimed; each round "
                + "empties the BPE word cache, then encodes the corpus cold and again warm. Prints 'prep <metric> "
                + "<value>' lines (medians of the timed rounds); pairs_per_s_per_core is the cold-cache figure.")
public final class BenchCommand extends AttnsparkCommand {

    @Option(names = "--models", paramLabel = "NAMES", split = ",", defaultValue = "transformer,rnn",
            description = "Benchmark models, comma separated: transformer, rnn (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--phases", paramLabel = "NAMES", split = ",", defaultValue = "train,decode",
            description = "Phases: train, decode (default: ${DEFAULT-VALUE}).")
    List<String> phases;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "10",
            description = "Timed steps (training updates, or greedy decodes of the batch); with --prep, timed rounds (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed steps or rounds first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Threads for ND4J and for PyTorch (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--compare", description = "Also run the PyTorch reference and print the ratios ours / PyTorch.")
    boolean compare;

    @Option(names = "--torch", paramLabel = "FILE", defaultValue = "../shared/bench/torch_reference.py",
            description = "With --compare: the PyTorch reference script (default: ${DEFAULT-VALUE}).")
    Path torch;

    @Option(names = "--python", paramLabel = "FILE", defaultValue = "/usr/bin/python3",
            description = "With --compare: the Python interpreter that has PyTorch (default: ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--spark", description = "Measure parameter-averaging overhead instead of the models.")
    boolean spark;

    @Option(names = "--cluster", description = "Measure parameter-averaging training on standalone clusters this "
            + "bench starts and stops: 1 executor of 1 core, then 2 executors of 1 core each, same minibatches; prints "
            + "both and the speed-up.")
    boolean cluster;

    @Option(names = "--batches", paramLabel = "N", defaultValue = "40",
            description = "With --spark or --cluster: minibatches (train.batch-size pairs of 16 tokens each) per timed pass (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Models and --spark: also write bench.md (the table) and bench.txt (the lines) into this local directory.")
    Path out;

    @Option(names = "--prep", description = "Measure the text path of prep (tokenize + apply BPE) instead of the models.")
    boolean prep;

    @Option(names = "--source", paramLabel = "FILE",
            description = "With --prep: source sentences, one per line, plain or .gz (default: a synthetic Multi30k-like corpus).")
    Path source;

    @Option(names = "--target", paramLabel = "FILE", description = "With --prep: target sentences, line-aligned with --source.")
    Path target;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "30000",
            description = "With --prep and no files: pairs in the synthetic corpus (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Override
    protected void checkOptions() {
        for (String m : models) {
            if (!BenchRun.MODELS.contains(m)) {
                throw usage("Unknown benchmark model '" + m + "' in --models (known: " + String.join(", ", BenchRun.MODELS) + ")");
            }
        }
        for (String p : phases) {
            if (!List.of("train", "decode").contains(p)) {
                throw usage("Unknown phase '" + p + "' in --phases (known: train, decode)");
            }
        }
        if (repeats < 1 || warmup < 0 || threads < 1 || batches < 1) {
            throw usage("--repeats, --threads and --batches must be at least 1, --warmup at least 0");
        }
        if ((prep ? 1 : 0) + (spark ? 1 : 0) + (cluster ? 1 : 0) > 1) {
            throw usage("--prep, --spark and --cluster are different benchmarks; run them one at a time");
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
            throw usage("--out is for the model and --spark benchmarks; --prep prints its report");
        }
        if (compare && (prep || spark || cluster)) {
            throw usage("--compare compares the models with PyTorch; it does not go with --prep, --spark or --cluster");
        }
        if (pairs < 1) {
            throw usage("--pairs must be at least 1");
        }
    }

    @Override
    protected void run(JobContext context) throws Exception {
        if (prep) {
            runPrep(context);
            return;
        }
        BenchRunRequest request = new BenchRunRequest(context, models, phases, warmup, repeats, threads,
                compare, python, torch, spark, cluster, batches, out);
        BenchRun.run(request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private void runPrep(JobContext context) throws java.io.IOException {
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
