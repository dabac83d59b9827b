package io.attnspark.nn;

import io.attnspark.testing.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double-precision gradient check of the whole model as built for training (fused LSTM by default, then
 * every cell and implementation, and input feeding): masked bidirectional encoder, masked decoder, attention, sparse
 * cross-entropy, on a padded batch of different lengths.
 */
@ExtendWith(DoublePrecision.class)
class RnnAttentionModelGradientTest {
    /** Equal-length sources (targets of different lengths): every parameter is checked. */
    @Test
    void wholeModelGradientsMatchFiniteDifferences() {
        assertTrue(check(java.util.List.of(
                new TokenPair(new int[] {4, 5, 6}, new int[] {5}),
                new TokenPair(new int[] {6, 4, 4}, new int[] {4, 5, 4}),
                new TokenPair(new int[] {5, 4, 6}, new int[] {5, 4})), java.util.Set.of()));
    }

    /**
     * Sources of different lengths: the backward encoder LSTM runs between two ReverseSequenceVertex, so it
     * meets padding only at the end (after leading padding, M2's masked LSTM backprop gets the bias gradient
     * wrong, as DL4J's Bidirectional wrapper would cause).
     */
    @Test
    void wholeModelGradientsWithSourcePaddingMatchFiniteDifferences() {
        assertTrue(check(java.util.List.of(
                new TokenPair(new int[] {4, 5, 6}, new int[] {5}),
                new TokenPair(new int[] {6}, new int[] {4, 5, 4}),
                new TokenPair(new int[] {5, 4}, new int[] {5, 4})), java.util.Set.of()));
    }

    /** The same with source padding, for every cell and implementation. */
    @org.junit.jupiter.params.ParameterizedTest(name = "encoder {0}, decoder {1}, {2}")
    @org.junit.jupiter.params.provider.CsvSource({"GRU, GRU, FUSED", "LSTM, GRU, FUSED", "GRU, LSTM, FUSED",
            "LSTM, LSTM, DL4J"})
    void everyCellGradientsMatchFiniteDifferences(RnnCell encoder, RnnCell decoder, RnnImpl impl) {
        assertTrue(check(java.util.List.of(
                new TokenPair(new int[] {4, 5, 6}, new int[] {5}),
                new TokenPair(new int[] {6}, new int[] {4, 5, 4}),
                new TokenPair(new int[] {5, 4}, new int[] {5, 4})), java.util.Set.of(),
                MODEL.withCells(encoder, decoder).withRnnImpl(impl)));
    }

    /**
     * Input feeding ({@link InputFeedingDecoderVertex} between the target embeddings, the encoder and the output
     * layer), LSTM and GRU decoders of one and two layers, with source and target padding.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "input feeding, decoder {0} x {1}")
    @org.junit.jupiter.params.provider.CsvSource({"LSTM, 1", "LSTM, 2", "GRU, 2"})
    void inputFeedingGradientsMatchFiniteDifferences(RnnCell decoder, int layers) {
        RnnAttentionConfig model = new RnnAttentionConfig(2, 1, 2, true, layers, 2, AttentionScore.ADDITIVE, 2, 0.0)
                .withCells(RnnCell.LSTM, decoder).withInputFeeding(true);
        assertTrue(check(java.util.List.of(
                new TokenPair(new int[] {4, 5, 6}, new int[] {5}),
                new TokenPair(new int[] {6}, new int[] {4, 5, 4}),
                new TokenPair(new int[] {5, 4}, new int[] {5, 4})), java.util.Set.of(), model));
    }

    /**
     * Tied embeddings ({@link TiedEmbeddingVertex}): the output weights receive the output layer's gradient plus the
     * target (and with {@code ALL} the source) embedding's; tokens 4-6 occur on both sides and in the labels.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "tied {0}, input feeding {1}")
    @org.junit.jupiter.params.provider.CsvSource({"TARGET, false", "ALL, false", "ALL, true"})
    void tiedEmbeddingGradientsMatchFiniteDifferences(TiedEmbeddings tied, boolean feeding) {
        RnnAttentionConfig model = MODEL.withTiedEmbeddings(tied).withInputFeeding(feeding);
        assertTrue(check(java.util.List.of(
                new TokenPair(new int[] {4, 5, 6}, new int[] {5}),
                new TokenPair(new int[] {6}, new int[] {4, 5, 4}),
                new TokenPair(new int[] {5, 4}, new int[] {5, 4})), java.util.Set.of(), model, 7, 7));
    }

    private static final RnnAttentionConfig MODEL =
            new RnnAttentionConfig(2, 1, 2, true, 1, 2, AttentionScore.ADDITIVE, 2, 0.0);

    private static boolean check(java.util.List<TokenPair> pairs, java.util.Set<String> exclude) {
        return check(pairs, exclude, MODEL);
    }

    private static boolean check(java.util.List<TokenPair> pairs, java.util.Set<String> exclude, RnnAttentionConfig model) {
        return check(pairs, exclude, model, 7, 6);
    }

    private static boolean check(java.util.List<TokenPair> pairs, java.util.Set<String> exclude, RnnAttentionConfig model,
                                 int sourceVocab, int targetVocab) {
        ComputationGraph graph = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(model, sourceVocab,
                targetVocab, 3, new NoOp(), 0.0, DataType.DOUBLE));
        MultiDataSet mds = Seq2SeqBatch.of(pairs, DataType.DOUBLE);
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(mds.getFeatures()).labels(mds.getLabels())
                .inputMask(mds.getFeaturesMaskArrays()).labelMask(mds.getLabelsMaskArrays())
                .excludeParams(exclude)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }
}
