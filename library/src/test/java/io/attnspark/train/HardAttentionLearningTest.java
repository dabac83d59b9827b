package io.attnspark.train;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Translator;
import io.attnspark.nn.AttentionMode;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.TokenPair;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model with hard attention learns: Adam steps on the reversal task of {@link InputFeedingLearningTest} (random
 * sequences of 4-8 over 12 symbols, where the decoder must find the right source position at every step) with the
 * single-machine trainer cut the held-out loss (validation: the most attended position) a lot, and greedy decoding
 * then reverses most held-out sequences.
 */
class HardAttentionLearningTest {
    private static final int VOCAB = 16;   // 4 special ids + 12 symbols

    @Test
    void learnsToReverseSequences() {
        Random r = new Random(1);
        List<TokenPair> train = reversals(r, 1000);
        List<TokenPair> heldOut = reversals(r, 100);
        RnnAttentionConfig model = new RnnAttentionConfig(16, 1, 16, true, 1, 32, AttentionScore.GENERAL, 32, 0.0)
                .withAttentionMode(new AttentionMode(true, 1.0, 0.01, 0.5));
        TrainConfig cfg = new TrainConfig(Integer.getInteger("hard.epochs", 10), 32, 0.02, 5.0, 100);
        ComputationGraph graph = LocalTrainer.newGraph(model, cfg, VOCAB, VOCAB, 7);
        LocalTrainer trainer = new LocalTrainer(cfg, 3);
        List<MultiDataSet> batches = trainer.batches(train);
        MultiDataSet held = Seq2SeqBatch.of(heldOut);
        double before = graph.score(held);
        long start = System.nanoTime();
        for (int e = 1; e <= cfg.epochs(); e++) {
            EpochStats s = trainer.fitEpoch(graph, batches, e);
            System.out.printf("epoch %d: loss/token %.4f, %.0f target tokens/s, held-out %.4f%n", e, s.lossPerToken(),
                    s.tokensPerSecond(), graph.score(held));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double after = graph.score(held);
        List<int[]> out = new Translator(graph, new DecodeConfig(1, 0.0, 1.0, 2, 256))
                .translate(heldOut.stream().map(TokenPair::source).toList());
        double exact = exactMatch(out, heldOut);
        System.out.printf("hard attention: %d steps in %.1f s: held-out loss %.4f -> %.4f, greedy exact match %.3f%n",
                cfg.epochs() * batches.size(), seconds, before, after, exact);
        assertTrue(cfg.epochs() * batches.size() >= 300, "fewer steps than meant");
        assertTrue(after < 0.1 * before, "held-out loss " + before + " -> " + after);
        assertTrue(exact >= 0.6, "held-out greedy exact match " + exact);
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

    private static double exactMatch(List<int[]> out, List<TokenPair> ref) {
        int ok = 0;
        for (int i = 0; i < out.size(); i++) {
            ok += Arrays.equals(out.get(i), ref.get(i).target()) ? 1 : 0;
        }
        return ok / (double) out.size();
    }
}
