package io.attnspark.decode;

import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.SpecialTokens;
import io.attnspark.nn.TokenPair;
import io.attnspark.nn.transformer.TransformerConfig;
import io.attnspark.nn.transformer.TransformerModel;
import io.attnspark.testing.Fixtures;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cached step-wise Transformer decoder is the trained graph: fed the reference target (teacher forcing), it
 * gives the next-token probabilities of {@code graph.output} on the full padded batch, for pre-LN and post-LN,
 * sinusoidal and learned positions, ReLU and GELU, full and windowed self-attention, tied embeddings.
 */
class TransformerStepDecoderTest {
    static final int VOCAB = 13;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("pre-LN sinusoidal relu", new TransformerConfig(8, 2, 12, 2, 2, false, 32, true, false, 0.1, 0.1, 0)),
                Arguments.of("post-LN learned gelu", new TransformerConfig(8, 4, 12, 1, 2, true, 32, false, true, 0.1, 0.0, 0)),
                Arguments.of("pre-LN window 2", new TransformerConfig(8, 2, 12, 1, 2, false, 32, true, false, 0.0, 0.0, 2)),
                Arguments.of("pre-LN tied all", new TransformerConfig(8, 2, 12, 1, 1, false, 32, true, false, 0.0, 0.0, 0)
                        .withTiedEmbeddings(io.attnspark.nn.TiedEmbeddings.ALL)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void teacherForcedStepsMatchTheFullGraph(String name, TransformerConfig model) {
        ComputationGraph graph = trainedTinyGraph(model, 5);
        List<TokenPair> pairs = Fixtures.randomPairs(5, VOCAB, 1, 7, 21);
        MultiDataSet mds = Seq2SeqBatch.of(pairs);
        INDArray full = graph.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];  // [n, V, T]

        TransformerStepDecoder decoder = new TransformerStepDecoder(graph);
        List<int[]> sources = new ArrayList<>();
        for (TokenPair p : pairs) {
            sources.add(p.source());
        }
        TransformerSource enc = decoder.encode(sources);
        TransformerState state = decoder.start(pairs.size());
        int checked = 0;
        for (int t = 0; t < full.size(2); t++) {
            int[] tokens = new int[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                int[] tgt = pairs.get(i).target();
                tokens[i] = t == 0 ? SpecialTokens.BOS : t <= tgt.length ? tgt[t - 1] : SpecialTokens.PAD;
            }
            StepDecoder.Step step = decoder.step(enc, state, tokens);
            for (int i = 0; i < pairs.size(); i++) {
                if (t > pairs.get(i).target().length) {
                    continue;   // padding: the graph's output there is masked out of the loss
                }
                double attSum = 0;
                for (int s = 0; s < enc.srcTime(); s++) {
                    attSum += step.attention().getDouble(i, s);
                    if (s >= enc.lengths()[i]) {
                        assertEquals(0.0, step.attention().getDouble(i, s), 1e-6, "attention on padding");
                    }
                }
                assertEquals(1.0, attSum, 1e-4);
                for (int v = 0; v < VOCAB; v++) {
                    assertEquals(full.getDouble(i, v, t), Math.exp(step.logProbs().getDouble(i, v)), 1e-4,
                            name + " sentence " + i + " step " + t + " token " + v);
                    checked++;
                }
            }
        }
        assertEquals(VOCAB * pairs.stream().mapToInt(p -> p.target().length + 1).sum(), checked);
        assertTrue(state.steps() == full.size(2));
    }

    /** A tiny graph after a few updates (with its dropout), so that outputs are far from uniform. */
    static ComputationGraph trainedTinyGraph(TransformerConfig model, long seed) {
        ComputationGraph graph = TransformerModel.newGraph(TransformerModel.configuration(model, VOCAB, VOCAB, seed,
                new Adam(0.02), 0.0, DataType.FLOAT, 0.1, 0.0));
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(8, VOCAB, 1, 6, seed + 1));
        for (int i = 0; i < 5; i++) {
            graph.fit(mds);
        }
        return graph;
    }
}
