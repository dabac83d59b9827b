package io.attnspark.train;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Translator;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.TokenPair;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The reversal task of the learning tests: random sequences of 4-8 over 12 symbols and their reversals (the decoder
 * must find the right source position at every step), 1,000 training and 100 held-out pairs, trained with Adam
 * (batch 32, learning rate 0.02) by the single-machine trainer and decoded greedily.
 */
final class ReversalTask {
    static final int VOCAB = 16;   // 4 special ids + 12 symbols

    /**
     * @param steps  Adam steps taken
     * @param before held-out loss of the untrained model
     * @param after  held-out loss after training
     * @param exact  share of held-out sequences that greedy decoding reverses exactly
     */
    record Result(int steps, double before, double after, double exact) {
    }

    private ReversalTask() {
    }

    /** Trains {@code model} for {@code epochs} epochs, printing each epoch and the result under {@code label}. */
    static Result train(RnnAttentionConfig model, int epochs, String label) {
        Random r = new Random(1);
        List<TokenPair> train = reversals(r, 1000);
        List<TokenPair> heldOut = reversals(r, 100);
        TrainConfig cfg = new TrainConfig(epochs, 32, 0.02, 5.0, 100);
        ComputationGraph graph = LocalTrainer.newGraph(model, cfg, VOCAB, VOCAB, 7);
        LocalTrainer trainer = new LocalTrainer(cfg, 3);
        List<MultiDataSet> batches = trainer.batches(train);
        MultiDataSet held = Seq2SeqBatch.of(heldOut);
        double before = graph.score(held);
        long start = System.nanoTime();
        for (int e = 1; e <= cfg.epochs(); e++) {
            EpochStats s = trainer.fitEpoch(graph, batches, e);
            System.out.printf("%s epoch %d: loss/token %.4f, %.0f target tokens/s, held-out %.4f%n", label, e,
                    s.lossPerToken(), s.tokensPerSecond(), graph.score(held));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double after = graph.score(held);
        List<int[]> out = new Translator(graph, new DecodeConfig(1, 0.0, 1.0, 2, 256))
                .translate(heldOut.stream().map(TokenPair::source).toList());
        int ok = 0;
        for (int i = 0; i < out.size(); i++) {
            ok += Arrays.equals(out.get(i), heldOut.get(i).target()) ? 1 : 0;
        }
        Result result = new Result(cfg.epochs() * batches.size(), before, after, ok / (double) out.size());
        System.out.printf("%s: %d steps in %.1f s: held-out loss %.4f -> %.4f, greedy exact match %.3f%n", label,
                result.steps(), seconds, before, after, result.exact());
        return result;
    }

    private static List<TokenPair> reversals(Random r, int n) {
        List<TokenPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = io.attnspark.testing.Fixtures.randomIds(r, VOCAB, 4, 8);
            int[] t = new int[s.length];
            for (int j = 0; j < s.length; j++) {
                t[j] = s[s.length - 1 - j];
            }
            out.add(new TokenPair(s, t));
        }
        return out;
    }
}
