package io.attnspark.nn.caption;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.testing.DoublePrecision;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ensembles of caption models: the mean of the members' probabilities and attention, and what they must share. */
@ExtendWith(DoublePrecision.class)
class CaptionEnsembleTest {
    private final CaptionConfig config = TinyCaptioner.config(false, 0.0);
    private final ComputationGraph a = TinyCaptioner.graph(config, DataType.DOUBLE);
    private final ComputationGraph b = graph(config, TinyCaptioner.VOCAB, 777);

    private static ComputationGraph graph(CaptionConfig c, int vocab, long seed) {
        return CaptionModel.newGraph(CaptionModel.configuration(c, TinyCaptioner.IMAGE, vocab, seed, new NoOp(), 0,
                DataType.DOUBLE));
    }

    @Test
    void aModelWithItselfDecodesAsTheModelAlone() {
        INDArray images = TinyCaptioner.imageArray(TinyCaptioner.images(3, 5), DataType.DOUBLE);
        CaptionSearch alone = new CaptionSearch(new CaptionStepDecoder(a), config.maxLength());
        CaptionSearch twice = new CaptionSearch(List.of(new CaptionStepDecoder(a), new CaptionStepDecoder(a)),
                config.maxLength());
        assertEquals(2, twice.size());
        List<Hypothesis> g1 = alone.greedy(images);
        List<Hypothesis> g2 = twice.greedy(images);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(g1.get(i).tokens(), g2.get(i).tokens());
            assertEquals(g1.get(i).logProb(), g2.get(i).logProb(), 1e-5);
            INDArray one = images.get(NDArrayIndex.interval(i, i + 1));
            DecodeConfig beam3 = new DecodeConfig(3, 0.0, 2.0, 10, 8);
            Hypothesis b1 = alone.beam(one, beam3, 1).get(0);
            Hypothesis b2 = twice.beam(one, beam3, 1).get(0);
            assertArrayEquals(b1.tokens(), b2.tokens());
            assertEquals(b1.logProb(), b2.logProb(), 1e-5);
        }
        List<int[]> captions = TinyCaptioner.captions(new int[] {2, 3, 1}, 9);
        double[] f1 = alone.forced(images, captions);
        double[] f2 = twice.forced(images, captions);
        for (int i = 0; i < 3; i++) {
            assertEquals(f1[i], f2[i], 1e-5);
        }
    }

    @Test
    void twoModelsScoreWithTheMeanOfTheirProbabilities() {
        INDArray images = TinyCaptioner.imageArray(TinyCaptioner.images(2, 7), DataType.DOUBLE);
        List<int[]> captions = TinyCaptioner.captions(new int[] {3, 2}, 11);
        CaptionStepDecoder da = new CaptionStepDecoder(a);
        CaptionStepDecoder db = new CaptionStepDecoder(b);
        // by hand: both models teacher forced side by side, log of the mean probability of each target word
        CaptionStepDecoder.Encoded ea = da.encode(images);
        CaptionStepDecoder.Encoded eb = db.encode(images);
        CaptionStepDecoder.State sa = da.start(ea);
        CaptionStepDecoder.State sb = db.start(eb);
        double[] expected = new double[2];
        int[] prev = {SpecialTokens.BOS, SpecialTokens.BOS};
        double[][] firstAlpha = new double[2][];
        int[] firstWord = new int[2];
        double sawDifference = 0;
        for (int t = 0; t <= 3; t++) {
            CaptionStepDecoder.Step pa = da.step(ea, sa, prev);
            CaptionStepDecoder.Step pb = db.step(eb, sb, prev);
            for (int i = 0; i < 2; i++) {
                if (t == 0) {
                    firstAlpha[i] = pa.alpha().getRow(i).add(pb.alpha().getRow(i)).div(2).toDoubleVector();
                    int best = SpecialTokens.EOS;
                    for (int v = SpecialTokens.EOS; v < TinyCaptioner.VOCAB; v++) {
                        double p = Math.exp(pa.logProbs().getDouble(i, v)) + Math.exp(pb.logProbs().getDouble(i, v));
                        double q = Math.exp(pa.logProbs().getDouble(i, best))
                                + Math.exp(pb.logProbs().getDouble(i, best));
                        best = p > q ? v : best;
                    }
                    firstWord[i] = best;
                }
                int len = captions.get(i).length;
                if (t > len) {
                    prev[i] = SpecialTokens.PAD;
                    continue;
                }
                int target = t == len ? SpecialTokens.EOS : captions.get(i)[t];
                double la = pa.logProbs().getDouble(i, target);
                double lb = pb.logProbs().getDouble(i, target);
                sawDifference = Math.max(sawDifference, Math.abs(la - lb));
                expected[i] += Math.log((Math.exp(la) + Math.exp(lb)) / 2);
                prev[i] = target;
            }
            sa = pa.state();
            sb = pb.state();
        }
        assertTrue(sawDifference > 1e-3, "the two models should differ for this test to mean anything");
        CaptionSearch both = new CaptionSearch(List.of(da, db), config.maxLength());
        double[] forced = both.forced(images, captions);
        assertEquals(expected[0], forced[0], 1e-5);
        assertEquals(expected[1], forced[1], 1e-5);
        List<Hypothesis> greedy = both.greedy(images);
        for (int i = 0; i < 2; i++) {
            Hypothesis h = greedy.get(i);
            int first = h.tokens().length == 0 ? SpecialTokens.EOS : h.tokens()[0];
            assertEquals(firstWord[i], first);
            for (int p = 0; p < firstAlpha[i].length; p++) {
                assertEquals(firstAlpha[i][p], h.attention()[0][p], 1e-6, "attention: the members' mean");
            }
        }
    }

    @Test
    void meanProbabilityIsStableFarFromZero() {
        INDArray x = Nd4j.create(new double[][] {{-1000, Math.log(0.2)}});
        INDArray y = Nd4j.create(new double[][] {{-1001, Math.log(0.6)}});
        INDArray m = CaptionSearch.meanProbability(List.of(x, y));
        assertEquals(-1000 + Math.log((1 + Math.exp(-1)) / 2), m.getDouble(0, 0), 1e-9);
        assertEquals(Math.log(0.4), m.getDouble(0, 1), 1e-12);
        assertEquals(-1000, x.getDouble(0, 0), 0.0, "the members' arrays are left as they were");
    }

    @Test
    void membersMustShareVocabularyAndGrid() {
        CaptionStepDecoder other = new CaptionStepDecoder(graph(config, TinyCaptioner.VOCAB + 1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CaptionSearch(List.of(new CaptionStepDecoder(a), other), 3));
        assertTrue(e.getMessage().contains("ensemble model 2 has 10 output words, model 1 has 9"), e.getMessage());
        CaptionConfig threeBlocks = new CaptionConfig(List.of(2, 3, 3), false, 2, 3, 2, 0.0, 0.0, 3,
                io.attnspark.nn.AttentionMode.SOFT, 1, 1);
        CaptionStepDecoder smallerGrid = new CaptionStepDecoder(graph(threeBlocks, TinyCaptioner.VOCAB, 3));
        e = assertThrows(IllegalArgumentException.class,
                () -> new CaptionSearch(List.of(new CaptionStepDecoder(a), smallerGrid), 3));
        assertTrue(e.getMessage().contains("grid positions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CaptionSearch(List.of(), 3));
    }
}
