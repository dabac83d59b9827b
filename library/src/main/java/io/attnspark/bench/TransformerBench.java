package io.attnspark.bench;

import io.attnspark.decode.StepDecoder;
import io.attnspark.decode.TransformerSource;
import io.attnspark.decode.TransformerState;
import io.attnspark.decode.TransformerStepDecoder;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;
import io.attnspark.nn.transformer.TransformerConfig;
import io.attnspark.nn.transformer.TransformerModel;
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
 * Training and greedy-decoding throughput of one Transformer on one machine (no Spark), in target tokens per
 * second: build the model, warm up, time {@code steps} training updates (Adam) on random batches of
 * {@code batch} pairs whose source and target are {@code length} tokens with EOS/BOS, and {@code steps} greedy
 * decodes of {@code length} steps of {@code batch} sentences (encoder once, then the cached step decoder, never
 * stopping early); report the median of each.
 *
 * <p>The benchmark shape of the project ({@link #standardShape()}): vocabularies 8000/8000, d-model 256, 4 heads,
 * ffn 1024, 3 + 3 layers, sinusoidal positions, dropout 0.1, batch 64 x 16.
 */
public final class TransformerBench {

    /** What is measured. */
    public record Shape(int sourceVocab, int targetVocab, TransformerConfig model, int batch, int length) {
    }

    /**
     * Medians and every sample, in target tokens per second.
     *
     * @param trainTokensPerSecond  batch x length target tokens per training update
     * @param decodeTokensPerSecond batch x length generated tokens per greedy decode (encoding included)
     */
    public record Result(double trainTokensPerSecond, double decodeTokensPerSecond, double[] trainSamples,
                         double[] decodeSamples) {
        public String line() {
            return String.format(Locale.ROOT, "transformer bench: train %.0f tok/s, greedy decode %.0f tok/s (medians of %d)",
                    trainTokensPerSecond, decodeTokensPerSecond, trainSamples.length);
        }
    }

    private TransformerBench() {
    }

    /** Vocabularies 8000/8000, d-model 256, 4 heads, ffn 1024, 3 + 3 layers, sinusoidal, pre-LN, dropout 0.1, 64 x 16. */
    public static Shape standardShape() {
        return new Shape(8000, 8000, new TransformerConfig(256, 4, 1024, 3, 3, false, 64, true, false, 0.1, 0.0, 0),
                64, 16);
    }

    /** Runs {@code warmup} untimed and {@code steps} timed iterations of training and of decoding. */
    public static Result run(Shape shape, int warmup, int steps, long seed) {
        ComputationGraph graph = TransformerModel.newGraph(TransformerModel.configuration(shape.model(),
                shape.sourceVocab(), shape.targetVocab(), seed, new Adam(1e-4), 0.0, DataType.FLOAT, 0.0, 0.0));
        Random r = new Random(seed);
        List<TokenPair> pairs = new ArrayList<>();
        for (int i = 0; i < shape.batch(); i++) {
            pairs.add(new TokenPair(ids(r, shape.sourceVocab(), shape.length() - 1), ids(r, shape.targetVocab(), shape.length() - 1)));
        }
        MultiDataSet mds = Seq2SeqBatch.of(pairs);
        double tokens = (double) shape.batch() * shape.length();
        double[] train = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            graph.fit(mds);
            if (i >= warmup) {
                train[i - warmup] = tokens / ((System.nanoTime() - t0) / 1e9);
            }
        }
        TransformerStepDecoder decoder = new TransformerStepDecoder(graph);
        List<int[]> sources = pairs.stream().map(TokenPair::source).toList();
        double[] decode = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            greedy(decoder, sources, shape.length());
            if (i >= warmup) {
                decode[i - warmup] = tokens / ((System.nanoTime() - t0) / 1e9);
            }
        }
        return new Result(median(train), median(decode), train, decode);
    }

    /** Greedy decoding of exactly {@code steps} tokens per sentence (no early stop): the generated ids [n][steps]. */
    static int[][] greedy(TransformerStepDecoder decoder, List<int[]> sources, int steps) {
        TransformerSource enc = decoder.encode(sources);
        TransformerState state = decoder.start(sources.size());
        int[] tokens = new int[sources.size()];
        Arrays.fill(tokens, SpecialTokens.BOS);
        int[][] out = new int[sources.size()][steps];
        for (int t = 0; t < steps; t++) {
            StepDecoder.Step step = decoder.step(enc, state, tokens);
            tokens = step.bestTokens();
            for (int i = 0; i < tokens.length; i++) {
                out[i][t] = tokens[i];
            }
        }
        return out;
    }

    private static int[] ids(Random r, int vocab, int length) {
        int[] a = new int[length];
        for (int i = 0; i < length; i++) {
            a[i] = SpecialTokens.COUNT + r.nextInt(vocab - SpecialTokens.COUNT);
        }
        return a;
    }

    static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {@code TransformerBench [warmup] [steps]}: the standard shape, one line of results. */
    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println(run(standardShape(), warmup, steps, 1).line());
    }
}
