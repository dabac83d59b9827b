package io.attnspark.jobs.bench;

import io.attnspark.bench.TransformerBench;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.nn.transformer.TransformerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Transformer benchmark: the library's {@link TransformerBench} on the model of
 * {@code conf/bench/transformer.conf}, 64 random pairs of 16 positions, greedy decoding of 16 steps with cached
 * keys and values after one encoder pass.
 */
public final class TransformerBenchmark implements ModelBenchmark {
    private static final int BATCH = 64;
    private static final int LENGTH = 16;
    private static final int VOCAB = 8000;

    private final TransformerConfig model;
    private final long seed;

    public TransformerBenchmark(AttnsparkConfig config) {
        this.model = TransformerConfig.fromConfig(config.section("model"));
        this.seed = config.config().getLong("seed");
    }

    @Override
    public String name() {
        return "transformer";
    }

    @Override
    public List<BenchLine> measure(List<String> phases, int warmup, int repeats, Consumer<String> log) {
        log.accept("transformer: " + warmup + " + " + repeats + " fit() steps and greedy decodes of " + BATCH * LENGTH + " tokens");
        TransformerBench.Result r = TransformerBench.run(new TransformerBench.Shape(VOCAB, VOCAB, model, BATCH, LENGTH),
                warmup, repeats, seed);
        log.accept(spread("train", r.trainSamples()));
        log.accept(spread("decode", r.decodeSamples()));
        List<BenchLine> lines = new ArrayList<>();
        if (phases.contains("train")) {
            lines.add(new BenchLine(name(), "train", r.trainTokensPerSecond()));
        }
        if (phases.contains("decode")) {
            lines.add(new BenchLine(name(), "decode", r.decodeTokensPerSecond()));
        }
        return lines;
    }

    /** The spread of the timed steps: a wide one means the machine was busy, and the median is the figure to trust. */
    static String spread(String phase, double[] samples) {
        double[] s = samples.clone();
        java.util.Arrays.sort(s);
        return String.format(java.util.Locale.ROOT, "transformer %s: timed steps %.0f (slowest) .. %.0f (fastest) tokens/s",
                phase, s[0], s[s.length - 1]);
    }
}
