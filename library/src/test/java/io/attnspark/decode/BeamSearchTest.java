package io.attnspark.decode;

import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;
import io.attnspark.testing.Fixtures;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beam search, greedy search and forced scoring on a small trained-a-little model (fused LSTM; the
 * subclasses run the same tests on other cells and implementations).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BeamSearchTest {
    private ComputationGraph graph;
    private List<int[]> sources;

    /** The model under test. */
    RnnAttentionConfig modelConfig() {
        return Fixtures.tinyModel(AttentionScore.GENERAL, true, 1);
    }

    @BeforeAll
    void model() {
        graph = StepDecoderTest.trainedTinyGraph(modelConfig(), 3);
        sources = new ArrayList<>();
        Random r = new Random(17);
        for (int i = 0; i < 7; i++) {
            sources.add(Fixtures.randomIds(r, 13, 1, 7));
        }
    }

    private static DecodeConfig cfg(int beam) {
        return DecodeConfig.fromConfig(Fixtures.section("decode")).withBeam(beam);
    }

    @Test
    void aBatchDecodesExactlyAsEachSentenceAlone() {
        Translator batched = new Translator(graph, cfg(4).withBatchSize(64));
        Translator alone = new Translator(graph, cfg(4).withBatchSize(1));
        List<List<Hypothesis>> together = batched.beam(sources, 4);
        List<List<Hypothesis>> single = alone.beam(sources, 4);
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(single.get(i).size(), together.get(i).size(), "n-best size of sentence " + i);
            for (int j = 0; j < single.get(i).size(); j++) {
                Hypothesis a = single.get(i).get(j);
                Hypothesis b = together.get(i).get(j);
                assertArrayEquals(a.tokens(), b.tokens(), "sentence " + i + " hypothesis " + j);
                assertEquals(a.score(), b.score(), 1e-5);
                assertEquals(a.logProb(), b.logProb(), 1e-5);
            }
        }
    }

    @Test
    void nBestIsSortedAndCarriesAttention() {
        DecodeConfig c = cfg(3);
        List<List<Hypothesis>> nBest = new Translator(graph, c).beam(sources, 3);
        for (int i = 0; i < sources.size(); i++) {
            List<Hypothesis> l = nBest.get(i);
            assertTrue(!l.isEmpty() && l.size() <= 3);
            for (int j = 0; j < l.size(); j++) {
                Hypothesis h = l.get(j);
                if (j > 0) {
                    assertTrue(l.get(j - 1).score() >= h.score(), "n-best not sorted");
                }
                assertTrue(h.tokens().length <= c.maxLength(sources.get(i).length));
                assertEquals(h.logProb() / c.lengthNorm(h.length()), h.score(), 1e-9);
                assertEquals(h.tokens().length + 1, h.attention().length);
                for (float[] row : h.attention()) {
                    assertEquals(sources.get(i).length + 1, row.length);
                    double sum = 0;
                    for (float x : row) {
                        sum += x;
                    }
                    assertEquals(1.0, sum, 1e-4);
                }
                for (int tok : h.tokens()) {
                    assertTrue(tok != SpecialTokens.PAD && tok != SpecialTokens.BOS && tok != SpecialTokens.EOS);
                }
            }
        }
    }

    @Test
    void beamOfOneIsGreedyAndForcedScoresAgree() {
        Translator t = new Translator(graph, cfg(1));
        List<Hypothesis> greedy = t.greedy(sources);
        List<List<Hypothesis>> beam1 = t.beam(sources, 1);
        List<TokenPair> pairs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            assertArrayEquals(greedy.get(i).tokens(), beam1.get(i).get(0).tokens(), "sentence " + i);
            assertEquals(greedy.get(i).logProb(), beam1.get(i).get(0).logProb(), 1e-5);
            pairs.add(new TokenPair(sources.get(i), greedy.get(i).tokens()));
        }
        List<ForcedScore> forced = t.forced(pairs);
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(greedy.get(i).tokens().length + 1, forced.get(i).perToken().length);
            assertEquals(greedy.get(i).logProb(), forced.get(i).total(), 1e-4, "forced score of sentence " + i);
        }
        assertEquals(t.translate(sources).size(), sources.size());
    }

    /**
     * Every hypothesis of a beam of 4 has the log-probability the teacher-forced graph gives it: the decoder state
     * (h, c and, with input feeding, the attentional vectors) followed each hypothesis through the reorderings.
     */
    @Test
    void everyBeamHypothesisHasItsForcedLogProbability() {
        Translator t = new Translator(graph, cfg(4));
        List<List<Hypothesis>> nBest = t.beam(sources, 4);
        List<TokenPair> pairs = new ArrayList<>();
        List<Double> logProbs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            for (Hypothesis h : nBest.get(i)) {
                pairs.add(new TokenPair(sources.get(i), h.tokens()));
                logProbs.add(h.logProb());
            }
        }
        assertTrue(pairs.size() > sources.size(), "the beam kept one hypothesis per sentence only");
        List<ForcedScore> forced = t.forced(pairs);
        for (int j = 0; j < pairs.size(); j++) {
            assertEquals(logProbs.get(j), forced.get(j).total(), 1e-4, "hypothesis " + j);
        }
    }

    @Test
    void widerBeamNeverScoresWorseThanGreedy() {
        DecodeConfig c = cfg(5);
        List<Hypothesis> greedy = new Translator(graph, c).greedy(sources);
        List<List<Hypothesis>> beam = new Translator(graph, c).beam(sources, 1);
        for (int i = 0; i < sources.size(); i++) {
            double greedyScore = greedy.get(i).logProb() / c.lengthNorm(greedy.get(i).length());
            assertTrue(beam.get(i).get(0).score() >= greedyScore - 1e-4,
                    "sentence " + i + ": beam " + beam.get(i).get(0).score() + " < greedy " + greedyScore);
        }
    }
}
