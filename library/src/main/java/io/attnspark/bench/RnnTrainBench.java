package io.attnspark.bench;

import io.attnspark.decode.DecoderState;
import io.attnspark.decode.EncodedBatch;
import io.attnspark.decode.StepDecoder;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.nn.RnnImpl;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training and decoding throughput of one {@link RnnAttentionModel} on random data of a {@link BenchShape}.
 *
 * <p>A training step is one {@code fit()} (forward, backward, Adam update, float32, workspaces off as in
 * training, no gradient clipping); throughput is target tokens (label positions) per second. A decode step is
 * a greedy decode of the whole batch through {@link StepDecoder} for exactly {@code decodeSteps} steps
 * (arg-max feeding, the encoder run once); throughput is emitted tokens per second. Warm-up steps are not
 * timed; the result is the median of the timed steps. Use {@link BenchComparison} to compare models
 * interleaved in one JVM, which is the only fair comparison on a shared, noisy machine.
 */
public final class RnnTrainBench {
    private final String label;
    private final BenchShape shape;
    private final ComputationGraph graph;
    private final MultiDataSet batch;
    private final List<int[]> sources;
    private final StepDecoder decoder;

    private RnnTrainBench(String label, BenchShape shape, ComputationGraph graph, MultiDataSet batch,
                          List<int[]> sources) {
        this.label = label;
        this.shape = shape;
        this.graph = graph;
        this.batch = batch;
        this.sources = sources;
        this.decoder = new StepDecoder(graph);
    }

    /**
     * Builds the model (Adam at {@code learningRate}) and one random batch of {@code shape}.
     *
     * @param label a name for reports (e.g. "fused" or "dl4j")
     */
    public static RnnTrainBench of(String label, RnnAttentionConfig model, BenchShape shape, double learningRate,
                                   long seed) {
        ComputationGraph graph = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(model,
                shape.sourceVocab(), shape.targetVocab(), seed, new Adam(learningRate), 0.0, DataType.FLOAT));
        Random r = new Random(seed);
        List<TokenPair> pairs = new ArrayList<>();
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < shape.batch(); i++) {
            int[] src = ids(r, shape.sourceLength(), shape.sourceVocab());
            pairs.add(new TokenPair(src, ids(r, shape.targetLength(), shape.targetVocab())));
            sources.add(src);
        }
        return new RnnTrainBench(label, shape, graph, Seq2SeqBatch.of(pairs, DataType.FLOAT), sources);
    }

    /** The model of issues #4 and #8: emb 256, 1-layer bidirectional encoder 256 per direction, decoder 512, general attention, attentional 512, dropout 0.1. */
    public static RnnAttentionConfig standardModel(RnnImpl impl) {
        return new RnnAttentionConfig(256, 1, 256, true, 1, 512, AttentionScore.GENERAL, 512, 0.1).withRnnImpl(impl);
    }

    public String label() {
        return label;
    }

    public BenchShape shape() {
        return shape;
    }

    /** Seconds of one training step (fit on the batch). */
    public double trainStepSeconds() {
        long t0 = System.nanoTime();
        graph.fit(batch);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds of one greedy decode of the batch, {@code decodeSteps} steps. */
    public double decodeStepSeconds() {
        long t0 = System.nanoTime();
        EncodedBatch enc = EncodedBatch.encode(graph, decoder.params(), sources);
        DecoderState state = decoder.start(sources.size());
        int[] tokens = new int[sources.size()];
        Arrays.fill(tokens, SpecialTokens.BOS);
        for (int s = 0; s < shape.decodeSteps(); s++) {
            tokens = decoder.step(enc, state, tokens).bestTokens();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Median training throughput (target tokens/s) over {@code reps} timed steps after {@code warmup} untimed ones. */
    public double trainTokensPerSecond(int warmup, int reps) {
        for (int i = 0; i < warmup; i++) {
            trainStepSeconds();
        }
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            s[i] = trainStepSeconds();
        }
        return shape.trainTokensPerStep() / median(s);
    }

    /** Median greedy-decode throughput (tokens/s) over {@code reps} timed decodes after {@code warmup} untimed ones. */
    public double decodeTokensPerSecond(int warmup, int reps) {
        for (int i = 0; i < warmup; i++) {
            decodeStepSeconds();
        }
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            s[i] = decodeStepSeconds();
        }
        return shape.decodeTokensPerStep() / median(s);
    }

    /** The median of {@code values} (not modified). */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no timed repetitions");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static int[] ids(Random r, int length, int vocab) {
        int[] a = new int[length];
        for (int i = 0; i < length; i++) {
            a[i] = SpecialTokens.COUNT + r.nextInt(vocab - SpecialTokens.COUNT);
        }
        return a;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s", label, shape);
    }
}
