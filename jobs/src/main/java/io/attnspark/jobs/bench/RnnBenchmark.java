package io.attnspark.jobs.bench;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.EncodedBatch;
import io.attnspark.decode.GreedySearch;
import io.attnspark.decode.Hypothesis;
import io.attnspark.decode.StepDecoder;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.TokenPair;
import io.attnspark.train.LocalTrainer;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The RNN benchmark: {@link io.attnspark.nn.RnnAttentionModel} as the jobs train it, configured by
 * {@code conf/bench/rnn.conf}. {@code train} fits one fixed minibatch of 64 random pairs of 16 positions per
 * step (target tokens/s); {@code decode} runs the library's {@link GreedySearch} on 64 random sources of 16
 * positions for exactly 16 steps (the last forced to EOS) after encoding them once (generated tokens/s, the
 * encoder included, as in the reference).
 */
public final class RnnBenchmark implements ModelBenchmark {
    static final int BATCH = 64;
    static final int LENGTH = 16;
    static final int VOCAB = 8000;

    private final RnnAttentionConfig model;
    private final TrainConfig train;
    private final long seed;

    public RnnBenchmark(AttnsparkConfig config) {
        this.model = RnnAttentionConfig.fromConfig(config.section("model"));
        this.train = TrainConfig.fromConfig(config.section("train"));
        this.seed = config.config().getLong("seed");
    }

    @Override
    public String name() {
        return "rnn";
    }

    @Override
    public List<BenchLine> measure(List<String> phases, int warmup, int repeats, int steps, Consumer<String> log) {
        ComputationGraph graph = LocalTrainer.newGraph(model, train, VOCAB, VOCAB, seed);
        List<BenchLine> lines = new ArrayList<>();
        if (phases.contains("train")) {
            MultiDataSet batch = AveragingOverhead.randomBatches(1, BATCH, VOCAB, LENGTH, seed).get(0);
            double[] rates = new double[repeats];
            for (int r = -warmup; r < repeats; r++) {
                long start = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    graph.fit(batch);
                }
                double rate = (double) BATCH * LENGTH * steps / ((System.nanoTime() - start) / 1e9);
                log.accept(String.format(Locale.ROOT, "rnn train round %d%s: %.1f tokens/s (loss %.3f)", r + warmup + 1,
                        r < 0 ? " (warm-up)" : "", rate, graph.score()));
                if (r >= 0) {
                    rates[r] = rate;
                }
            }
            lines.add(new BenchLine(name(), "train", Median.of(rates)));
        }
        if (phases.contains("decode")) {
            List<int[]> sources = new ArrayList<>();
            for (TokenPair p : AveragingOverhead.randomPairs(BATCH, VOCAB, LENGTH, new SplittableRandom(seed + 1))) {
                sources.add(p.source());
            }
            StepDecoder decoder = new StepDecoder(graph);
            GreedySearch greedy = new GreedySearch(decoder, new DecodeConfig(1, 0, 0, LENGTH - 1, BATCH));
            double[] rates = new double[repeats];
            for (int r = -warmup; r < repeats; r++) {
                long start = System.nanoTime();
                EncodedBatch enc = EncodedBatch.encode(graph, decoder.params(), sources);
                long generated = 0;
                for (Hypothesis h : greedy.search(enc)) {
                    generated += h.length();
                }
                double rate = generated / ((System.nanoTime() - start) / 1e9);
                log.accept(String.format(Locale.ROOT, "rnn decode round %d%s: %.1f tokens/s", r + warmup + 1,
                        r < 0 ? " (warm-up)" : "", rate));
                if (r >= 0) {
                    rates[r] = rate;
                }
            }
            lines.add(new BenchLine(name(), "decode", Median.of(rates)));
        }
        return lines;
    }
}
