package io.attnspark.train;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Translator;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.TokenPair;
import io.attnspark.testing.Fixtures;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that needs attention, learned on one machine: reverse a random sequence of 4-8 tokens over 12
 * symbols. The graph, batching and trainer are the ones the Spark path uses.
 */
class LocalTrainerTest {
    private static final int VOCAB = 16;   // 4 special ids + 12 symbols

    @Test
    void learnsToReverseSequences() {
        Random r = new Random(1);
        List<TokenPair> train = reversals(r, 2000);
        List<TokenPair> heldOut = reversals(r, 200);
        RnnAttentionConfig model = new RnnAttentionConfig(16, 1, 16, true, 1, 32, AttentionScore.GENERAL, 32, 0.0);
        TrainConfig cfg = new TrainConfig(10, 32, 0.02, 5.0, 100);
        ComputationGraph graph = LocalTrainer.newGraph(model, cfg, VOCAB, VOCAB, 7);
        LocalTrainer trainer = new LocalTrainer(cfg, 3);
        List<MultiDataSet> batches = trainer.batches(train);
        assertEquals(63, batches.size());
        Translator greedy = new Translator(graph, new DecodeConfig(1, 0.0, 1.0, 2, 256));
        List<int[]> sources = heldOut.stream().map(TokenPair::source).toList();

        long start = System.nanoTime();
        List<EpochStats> epochs = new ArrayList<>();
        double exact = 0;
        for (int e = 1; e <= cfg.epochs() && exact < 0.95; e++) {
            EpochStats s = trainer.fitEpoch(graph, batches, e);
            epochs.add(s);
            exact = exactMatch(greedy.translate(sources), heldOut);
            System.out.printf("epoch %d: loss/token %.4f, %.0f target tokens/s, held-out exact match %.3f%n",
                    e, s.lossPerToken(), s.tokensPerSecond(), exact);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("reached %.3f exact match in %d epochs, %.1f s%n", exact, epochs.size(), seconds);
        assertTrue(exact >= 0.95, "held-out exact match " + exact + " after " + epochs.size() + " epochs");
        assertTrue(epochs.get(epochs.size() - 1).lossPerToken() < epochs.get(0).lossPerToken());
        assertTrue(seconds < 240, "took " + seconds + " s (measured 25-50 s on a shared 2-core machine)");
        assertEquals(train.stream().mapToInt(p -> p.target().length + 1).sum(), epochs.get(0).tokens());

        double beamExact = exactMatch(new Translator(graph, new DecodeConfig(4, 0.6, 1.0, 2, 64)).translate(sources),
                heldOut);
        System.out.printf("beam 4: held-out exact match %.3f%n", beamExact);
        assertTrue(beamExact >= 0.9, "beam search exact match " + beamExact);
    }

    @Test
    void epochCallbackSeesEveryEpoch() {
        List<TokenPair> pairs = Fixtures.randomPairs(12, VOCAB, 1, 4, 2);
        TrainConfig cfg = new TrainConfig(2, 4, 0.01, 1.0, 3);
        ComputationGraph graph = LocalTrainer.newGraph(Fixtures.tinyModel(AttentionScore.DOT, false, 1), cfg,
                VOCAB, VOCAB, 1);
        LocalTrainer trainer = new LocalTrainer(cfg, 1);
        List<MultiDataSet> batches = trainer.batches(pairs);
        long kept = pairs.stream().filter(p -> p.target().length <= 3).count();
        assertEquals((kept + 3) / 4, batches.size(), "pairs with targets over train.max-target-length are left out");
        List<EpochStats> seen = new ArrayList<>();
        List<EpochStats> stats = trainer.fit(graph, batches, seen::add);
        assertEquals(stats, seen);
        assertEquals(List.of(1, 2), seen.stream().map(EpochStats::epoch).toList());
        assertTrue(seen.stream().allMatch(s -> Double.isFinite(s.lossPerToken()) && s.tokens() > 0));
    }

    private static List<TokenPair> reversals(Random r, int n) {
        List<TokenPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = Fixtures.randomIds(r, VOCAB, 4, 8);
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
