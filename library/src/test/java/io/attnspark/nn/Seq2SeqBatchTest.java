package io.attnspark.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Seq2SeqBatchTest {
    @Test
    void buildsPaddedIdsAndMasksExactly() {
        MultiDataSet m = Seq2SeqBatch.of(List.of(
                new TokenPair(new int[] {7, 8, 9}, new int[] {5}),
                new TokenPair(new int[] {6}, new int[] {4, 10, 11})));
        assertEquals(2, m.getFeatures().length);
        assertIds(new int[][] {{7, 8, 9, 3}, {6, 3, 0, 0}}, m.getFeatures(0));
        assertIds(new int[][] {{2, 5, 0, 0}, {2, 4, 10, 11}}, m.getFeatures(1));
        assertIds(new int[][] {{5, 3, 0, 0}, {4, 10, 11, 3}}, m.getLabels(0));
        assertIds(new int[][] {{1, 1, 1, 1}, {1, 1, 0, 0}}, m.getFeaturesMaskArray(0));
        assertIds(new int[][] {{1, 1, 0, 0}, {1, 1, 1, 1}}, m.getFeaturesMaskArray(1));
        assertIds(new int[][] {{1, 1, 0, 0}, {1, 1, 1, 1}}, m.getLabelsMaskArray(0));
        assertArrayEquals(new long[] {2, 1, 4}, m.getFeatures(0).shape());
        assertArrayEquals(new long[] {2, 1, 4}, m.getLabels(0).shape());
        assertArrayEquals(new long[] {2, 4}, m.getLabelsMaskArray(0).shape());
        assertEquals(DataType.FLOAT, m.getFeatures(0).dataType());
    }

    @Test
    void emptyTargetStillPredictsEos() {
        MultiDataSet m = Seq2SeqBatch.of(List.of(new TokenPair(new int[] {4}, new int[0])), DataType.DOUBLE);
        assertIds(new int[][] {{2}}, m.getFeatures(1));
        assertIds(new int[][] {{3}}, m.getLabels(0));
        assertEquals(DataType.DOUBLE, m.getLabels(0).dataType());
    }

    @Test
    void sourcesForDecodingMatchTheTrainingLayout() {
        INDArray[] s = Seq2SeqBatch.sources(List.of(new int[] {7, 8}, new int[] {9}), DataType.FLOAT);
        assertIds(new int[][] {{7, 8, 3}, {9, 3, 0}}, s[0]);
        assertIds(new int[][] {{1, 1, 1}, {1, 1, 0}}, s[1]);
        assertThrows(IllegalArgumentException.class, () -> Seq2SeqBatch.of(List.of()));
    }

    private static void assertIds(int[][] expected, INDArray actual) {
        INDArray a = actual.rank() == 3 ? actual.reshape(actual.size(0), actual.size(2)) : actual;
        assertArrayEquals(expected, a.toIntMatrix());
    }
}
