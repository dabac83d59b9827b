package io.attnspark.decode;

import io.attnspark.nn.AttentionScore;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A source encodes the same alone and in a padded batch (the bidirectional encoder honours the mask). */
class EncodedBatchTest {
    @Test
    void encodingDoesNotDependOnPadding() {
        ComputationGraph graph = StepDecoderTest.trainedTinyGraph(AttentionScore.GENERAL, 2, 5);
        DecoderParams p = DecoderParams.of(graph);
        int[] shortSrc = {5, 6};
        int[] longSrc = {7, 8, 9, 10, 11, 12, 4};
        EncodedBatch batch = EncodedBatch.encode(graph, p, List.of(longSrc, shortSrc));
        EncodedBatch alone = EncodedBatch.encode(graph, p, List.of(shortSrc));
        assertArrayEquals(new int[] {8, 3}, batch.lengths());
        assertEquals(8, batch.srcTime());
        INDArray inBatch = batch.states().get(NDArrayIndex.point(1), NDArrayIndex.interval(0, 3), NDArrayIndex.all());
        INDArray single = alone.states().get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(inBatch.equalsWithEps(single, 1e-6), "encoder states depend on padding:\n" + inBatch + "\n" + single);
        INDArray padding = batch.states().get(NDArrayIndex.point(1), NDArrayIndex.interval(3, 8), NDArrayIndex.all());
        assertEquals(0.0, padding.amaxNumber().doubleValue(), 0.0, "padded positions must be zero");
        assertEquals(-1e9, batch.maskBias().getDouble(1, 3), 1.0);
        assertEquals(0.0, batch.maskBias().getDouble(1, 2), 0.0);
    }
}
