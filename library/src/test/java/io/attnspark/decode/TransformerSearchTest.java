package io.attnspark.decode;

import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;
import io.attnspark.nn.transformer.TransformerConfig;
import io.attnspark.nn.transformer.TransformerModel;
import io.attnspark.testing.Fixtures;
import io.attnspark.train.LocalTrainer;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beam and greedy search with the Transformer's cached decoder, through the same {@link Translator} as the RNN. */
class TransformerSearchTest {
    @Test
    void aBatchDecodesExactlyAsEachSentenceAlone() {
        ComputationGraph graph = TransformerStepDecoderTest.trainedTinyGraph(
                new TransformerConfig(8, 2, 12, 1, 2, false, 64, true, false, 0.0, 0.0, 0), 3);
        List<int[]> sources = new ArrayList<>();
        Random r = new Random(17);
        for (int i = 0; i < 6; i++) {
            sources.add(Fixtures.randomIds(r, TransformerStepDecoderTest.VOCAB, 1, 7));
        }
        DecodeConfig cfg = DecodeConfig.fromConfig(Fixtures.section("decode")).withBeam(3);
        List<List<Hypothesis>> together = new Translator(graph, cfg.withBatchSize(64)).beam(sources, 3);
        List<List<Hypothesis>> single = new Translator(graph, cfg.withBatchSize(1)).beam(sources, 3);
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(single.get(i).size(), together.get(i).size(), "n-best size of sentence " + i);
            for (int j = 0; j < single.get(i).size(); j++) {
                Hypothesis a = single.get(i).get(j);
                Hypothesis b = together.get(i).get(j);
                assertArrayEquals(a.tokens(), b.tokens(), "sentence " + i + " hypothesis " + j);
                assertEquals(a.logProb(), b.logProb(), 1e-4);
                assertEquals(a.tokens().length + 1, a.attention().length);
                assertEquals(sources.get(i).length + 1, a.attention()[0].length);
            }
        }
        // forced scoring of the best hypothesis gives back its log-probability
        List<TokenPair> pairs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            pairs.add(new TokenPair(sources.get(i), together.get(i).get(0).tokens()));
        }
        List<ForcedScore> forced = new Translator(graph, cfg).forced(pairs);
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(together.get(i).get(0).logProb(), forced.get(i).total(), 1e-3, "forced score " + i);
        }
    }

    /** A tiny Transformer learns to copy short sequences; greedy decoding then copies held-out ones. */
    @Test
    void greedyCopiesAfterTrainingOnTheCopyTask() {
        int vocab = 10;
        Random r = new Random(5);
        List<TokenPair> train = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            int[] s = Fixtures.randomIds(r, vocab, 1, 5);
            train.add(new TokenPair(s, s));
        }
        TransformerConfig model = new TransformerConfig(32, 4, 64, 1, 1, false, 16, true, false, 0.0, 0.0, 0);
        TrainConfig tc = TrainConfig.fromConfig(Fixtures.section("train")).withLearningRate(0.005).withBatchSize(32)
                .withEpochs(8);
        ComputationGraph graph = TransformerModel.newGraph(TransformerModel.configuration(model, tc, vocab, vocab, 7));
        LocalTrainer trainer = new LocalTrainer(tc, 7);
        List<MultiDataSet> batches = trainer.batches(train);
        trainer.fit(graph, batches, s -> { });
        List<int[]> test = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            test.add(Fixtures.randomIds(r, vocab, 1, 5));
        }
        List<Hypothesis> out = new Translator(graph, DecodeConfig.fromConfig(Fixtures.section("decode")).withBeam(1))
                .greedy(test);
        int exact = 0;
        for (int i = 0; i < test.size(); i++) {
            for (int tok : out.get(i).tokens()) {
                assertTrue(tok >= SpecialTokens.COUNT || tok == SpecialTokens.UNK);
            }
            if (java.util.Arrays.equals(test.get(i), out.get(i).tokens())) {
                exact++;
            }
        }
        assertTrue(exact >= 36, "greedy copied only " + exact + " of 40");
    }
}
