package io.attnspark.decode;

import io.attnspark.nn.AttentionMode;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.nn.RnnCell;
import io.attnspark.nn.RnnImpl;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;
import io.attnspark.testing.Fixtures;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof that the step-wise decoder is the trained graph: fed the reference target (teacher forcing),
 * it gives the same next-token probabilities as {@code graph.output} on the full padded batch (with and without
 * input feeding, and with hard attention).
 */
class StepDecoderTest {
    private static final int VOCAB = 13;

    @ParameterizedTest
    @EnumSource(AttentionScore.class)
    void teacherForcedStepsMatchTheFullGraph(AttentionScore score) {
        check(trainedTinyGraph(score, 2, 11, 0), score.toString());
    }

    @ParameterizedTest
    @EnumSource(value = AttentionScore.class, names = {"GENERAL", "ADDITIVE"})
    void localAttentionStepsMatchTheFullGraph(AttentionScore score) {
        check(trainedTinyGraph(score, 1, 13, 1), score + " local");
    }

    static Stream<Arguments> cells() {
        return Stream.of(Arguments.of(RnnCell.GRU, RnnCell.GRU, RnnImpl.FUSED),
                Arguments.of(RnnCell.LSTM, RnnCell.GRU, RnnImpl.FUSED),
                Arguments.of(RnnCell.GRU, RnnCell.LSTM, RnnImpl.FUSED),
                Arguments.of(RnnCell.LSTM, RnnCell.LSTM, RnnImpl.DL4J));
    }

    @ParameterizedTest(name = "encoder {0}, decoder {1}, {2}")
    @MethodSource("cells")
    void everyCellAndImplementationStepsAsTheFullGraph(RnnCell encoder, RnnCell decoder, RnnImpl impl) {
        RnnAttentionConfig model = Fixtures.tinyModel(AttentionScore.GENERAL, true, 2).withCells(encoder, decoder)
                .withRnnImpl(impl);
        check(trainedTinyGraph(model, 17), encoder + "/" + decoder + "/" + impl);
    }

    static Stream<Arguments> inputFeeding() {
        return Stream.of(Arguments.of(AttentionScore.GENERAL, RnnCell.LSTM, 2, 0),
                Arguments.of(AttentionScore.GENERAL, RnnCell.GRU, 2, 0),
                Arguments.of(AttentionScore.DOT, RnnCell.LSTM, 1, 0),
                Arguments.of(AttentionScore.SCALED_DOT, RnnCell.GRU, 1, 0),
                Arguments.of(AttentionScore.ADDITIVE, RnnCell.LSTM, 1, 0),
                Arguments.of(AttentionScore.GENERAL, RnnCell.LSTM, 1, 1),
                Arguments.of(AttentionScore.ADDITIVE, RnnCell.GRU, 2, 2));
    }

    /** Input feeding: the step decoder carries the attentional vector the graph's decoder vertex feeds back. */
    @ParameterizedTest(name = "input feeding, {0}, decoder {1} x {2}, local window {3}")
    @MethodSource("inputFeeding")
    void inputFeedingStepsMatchTheFullGraph(AttentionScore score, RnnCell cell, int layers, int window) {
        RnnAttentionConfig model = Fixtures.tinyModel(score, true, layers).withCells(RnnCell.LSTM, cell)
                .withLocalWindow(window).withInputFeeding(true);
        ComputationGraph graph = trainedTinyGraph(model, 19);
        assertTrue(new StepDecoder(graph).params().inputFeeding());
        check(graph, "input feeding " + score + "/" + cell + " x " + layers + " window " + window);
    }

    static Stream<Arguments> hardAttention() {
        return Stream.of(Arguments.of(AttentionScore.GENERAL, 0), Arguments.of(AttentionScore.DOT, 0),
                Arguments.of(AttentionScore.ADDITIVE, 1), Arguments.of(AttentionScore.SCALED_DOT, 2));
    }

    /** Hard attention: the graph at inference and the step decoder both take the most attended position. */
    @ParameterizedTest(name = "hard attention, {0}, local window {1}")
    @MethodSource("hardAttention")
    void hardAttentionStepsMatchTheFullGraph(AttentionScore score, int window) {
        RnnAttentionConfig model = Fixtures.tinyModel(score, true, 1).withLocalWindow(window)
                .withAttentionMode(AttentionMode.hard(1.0, 0.01, 0.5));
        ComputationGraph graph = trainedTinyGraph(model, 23);
        assertTrue(new StepDecoder(graph).params().hardAttention());
        check(graph, "hard " + score + " window " + window);
    }

    /** Tied embeddings: the step decoder embeds with the output weights, as the graph's tied vertex does. */
    @ParameterizedTest(name = "tied {0}, input feeding {1}")
    @org.junit.jupiter.params.provider.CsvSource({"TARGET, false", "ALL, false", "ALL, true"})
    void tiedEmbeddingStepsMatchTheFullGraph(io.attnspark.nn.TiedEmbeddings tied, boolean feeding) {
        RnnAttentionConfig model = Fixtures.tinyModel(AttentionScore.GENERAL, true, 1).withTiedEmbeddings(tied)
                .withInputFeeding(feeding);
        ComputationGraph graph = trainedTinyGraph(model, 23);
        assertTrue(graph.getLayer(io.attnspark.nn.RnnAttentionModel.TGT_EMB) == null, "the target embedding is tied");
        check(graph, "tied " + tied + " feeding " + feeding);
    }

    private static void check(ComputationGraph graph, String score) {
        List<TokenPair> pairs = Fixtures.randomPairs(5, VOCAB, 1, 6, 21);
        MultiDataSet mds = Seq2SeqBatch.of(pairs);
        INDArray full = graph.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];  // [n, V, T]

        StepDecoder decoder = new StepDecoder(graph);
        List<int[]> sources = new ArrayList<>();
        for (TokenPair p : pairs) {
            sources.add(p.source());
        }
        EncodedBatch enc = EncodedBatch.encode(graph, decoder.params(), sources);
        DecoderState state = decoder.start(pairs.size());
        int steps = (int) full.size(2);
        int checked = 0;
        for (int t = 0; t < steps; t++) {
            int[] tokens = new int[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                int[] tgt = pairs.get(i).target();
                tokens[i] = t == 0 ? SpecialTokens.BOS : t <= tgt.length ? tgt[t - 1] : SpecialTokens.PAD;
            }
            INDArray logProbs = decoder.step(enc, state, tokens).logProbs();
            for (int i = 0; i < pairs.size(); i++) {
                if (t > pairs.get(i).target().length) {
                    continue;   // padding: the graph's output there is masked out of the loss
                }
                for (int v = 0; v < VOCAB; v++) {
                    double expected = full.getDouble(i, v, t);
                    double actual = Math.exp(logProbs.getDouble(i, v));
                    assertEquals(expected, actual, 1e-5, score + " sentence " + i + " step " + t + " token " + v);
                    checked++;
                }
            }
        }
        assertEquals(VOCAB * pairs.stream().mapToInt(p -> p.target().length + 1).sum(), checked);
    }

    /** A tiny graph after a few updates, so that attention and outputs are far from uniform. */
    static ComputationGraph trainedTinyGraph(AttentionScore score, int layers, long seed) {
        return trainedTinyGraph(score, layers, seed, 0);
    }

    static ComputationGraph trainedTinyGraph(AttentionScore score, int layers, long seed, int localWindow) {
        return trainedTinyGraph(Fixtures.tinyModel(score, true, layers).withLocalWindow(localWindow), seed);
    }

    static ComputationGraph trainedTinyGraph(RnnAttentionConfig model, long seed) {
        TrainConfig train = TrainConfig.fromConfig(Fixtures.section("train")).withLearningRate(0.05);
        ComputationGraph graph = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(
                model, train, VOCAB, VOCAB, seed));
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(8, VOCAB, 1, 6, seed + 1));
        for (int i = 0; i < 5; i++) {
            graph.fit(mds);
        }
        return graph;
    }
}
