package io.attnspark.nn.transformer;

import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.TiedEmbeddings;
import io.attnspark.nn.TokenPair;
import io.attnspark.testing.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double-precision gradient checks of the whole Transformer (every vertex: positions, encoder and decoder layers)
 * against finite differences, with equal lengths (no padding) and with padded sources and targets, for pre-LN and
 * post-LN, ReLU and GELU, sinusoidal and learned positions, full and windowed self-attention, and tied embeddings
 * (the output weights then also receive the embeddings' gradients).
 */
@ExtendWith(DoublePrecision.class)
class TransformerGradientTest {
    static final List<TokenPair> EQUAL = List.of(
            new TokenPair(new int[] {4, 5, 6}, new int[] {5, 6}),
            new TokenPair(new int[] {6, 4, 4}, new int[] {4, 5}));
    static final List<TokenPair> PADDED = List.of(
            new TokenPair(new int[] {4, 5, 6, 5}, new int[] {5}),
            new TokenPair(new int[] {6}, new int[] {4, 5, 4}),
            new TokenPair(new int[] {5, 4}, new int[] {5, 4}));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("pre-LN relu sinusoidal", config(true, false, false, 0), false),
                Arguments.of("pre-LN relu sinusoidal", config(true, false, false, 0), true),
                Arguments.of("post-LN gelu learned", config(false, true, true, 0), true),
                Arguments.of("pre-LN tied target", config(true, false, false, 0).withTiedEmbeddings(TiedEmbeddings.TARGET),
                        true),
                Arguments.of("post-LN tied all", config(false, false, false, 0).withTiedEmbeddings(TiedEmbeddings.ALL),
                        true));
    }

    static TransformerConfig config(boolean preNorm, boolean gelu, boolean learned, int window) {
        return new TransformerConfig(4, 2, 5, 1, 1, learned, 6, preNorm, gelu, 0.0, 0.0, window);
    }

    /** Windowed self-attention (+-1 in the encoder, the previous position in the decoder) on padded sequences. */
    @org.junit.jupiter.api.Test
    void windowedGradientsMatchFiniteDifferences() {
        gradientsMatchFiniteDifferences("pre-LN window 1", config(true, false, false, 1), true);
    }

    @ParameterizedTest(name = "{0}, padding={2}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(String name, TransformerConfig model, boolean padding) {
        ComputationGraph graph = TransformerModel.newGraph(TransformerModel.configuration(model, 7, 7, 3,
                new NoOp(), 0.0, DataType.DOUBLE, 0.0, 0.0));
        MultiDataSet mds = Seq2SeqBatch.of(padding ? PADDED : EQUAL, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(mds.getFeatures()).labels(mds.getLabels())
                .inputMask(mds.getFeaturesMaskArrays()).labelMask(mds.getLabelsMaskArrays())
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed: " + name + ", padding=" + padding);
    }
}
