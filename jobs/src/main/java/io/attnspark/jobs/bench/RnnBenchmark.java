package io.attnspark.jobs.bench;

import io.attnspark.bench.BenchShape;
import io.attnspark.bench.RnnTrainBench;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.train.TrainConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The RNN benchmark: the library's {@link RnnTrainBench} on {@link io.attnspark.nn.RnnAttentionModel} as
 * configured by {@code conf/bench/rnn.conf}, 64 random pairs of 15 ids + EOS (16 target positions, as the
 * reference's 16), greedy decoding of 16 steps through the step decoder after one encoder pass.
 */
public final class RnnBenchmark implements ModelBenchmark {
    /** 64 pairs, 15 ids + EOS a side, vocabularies 8000, 16 decode steps. */
    static final BenchShape SHAPE = new BenchShape(64, 15, 15, 8000, 8000, 16);

    private final RnnAttentionConfig model;
    private final double learningRate;
    private final long seed;

    public RnnBenchmark(AttnsparkConfig config) {
        this.model = RnnAttentionConfig.fromConfig(config.section("model"));
        this.learningRate = TrainConfig.fromConfig(config.section("train")).learningRate();
        this.seed = config.config().getLong("seed");
    }

    @Override
    public String name() {
        return "rnn";
    }

    @Override
    public List<BenchLine> measure(List<String> phases, int warmup, int repeats, Consumer<String> log) {
        RnnTrainBench bench = RnnTrainBench.of(name(), model, SHAPE, learningRate, seed);
        List<BenchLine> lines = new ArrayList<>();
        if (phases.contains("train")) {
            log.accept("rnn train: " + warmup + " + " + repeats + " fit() steps of " + SHAPE.trainTokensPerStep() + " target tokens");
            lines.add(new BenchLine(name(), "train", bench.trainTokensPerSecond(warmup, repeats)));
        }
        if (phases.contains("decode")) {
            log.accept("rnn decode: " + warmup + " + " + repeats + " greedy decodes of " + SHAPE.decodeTokensPerStep() + " tokens");
            lines.add(new BenchLine(name(), "decode", bench.decodeTokensPerSecond(warmup, repeats)));
        }
        return lines;
    }
}
