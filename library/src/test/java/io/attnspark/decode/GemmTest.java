package io.attnspark.decode;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GemmTest {

    private static double[][] reference(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static void assertClose(double[][] expected, INDArray got) {
        assertArrayEquals(new long[] {expected.length, expected[0].length}, got.shape());
        assertEquals('c', got.ordering());
        double[][] g = got.toDoubleMatrix();
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], g[i][j], 1e-9, "row " + i + " column " + j);
            }
        }
    }

    @Test
    void productsOfPlainViewsAndTransposedOperands() {
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.randn(DataType.DOUBLE, 5, 7);
        INDArray b = Nd4j.randn(DataType.DOUBLE, 7, 4);
        assertClose(reference(a.toDoubleMatrix(), b.toDoubleMatrix()), Gemm.times(a, b));
        // a column block of a wider array, as the decoders slice fused projections
        INDArray wide = Nd4j.randn(DataType.DOUBLE, 5, 20);
        INDArray view = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(6, 13));
        assertClose(reference(view.toDoubleMatrix(), b.toDoubleMatrix()), Gemm.times(view, b));
        INDArray bt = Nd4j.randn(DataType.DOUBLE, 4, 7);
        assertClose(reference(a.toDoubleMatrix(), bt.transpose().toDoubleMatrix()), Gemm.timesTransposed(a, bt));
        // f-order operand
        assertClose(reference(a.toDoubleMatrix(), b.toDoubleMatrix()), Gemm.times(a.dup('f'), b.dup('f')));
        // a^T b, as the back-propagation of a layer forms its weight gradients, with a view and an f-order operand
        INDArray at = Nd4j.randn(DataType.DOUBLE, 7, 5);
        assertClose(reference(at.transpose().toDoubleMatrix(), b.toDoubleMatrix()), Gemm.transposedTimes(at, b));
        INDArray tall = Nd4j.randn(DataType.DOUBLE, 7, 12);
        INDArray columns = tall.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7));
        assertClose(reference(columns.transpose().toDoubleMatrix(), b.toDoubleMatrix()),
                Gemm.transposedTimes(columns, b.dup('f')));
    }

    @Test
    void mismatchedShapesNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.times(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 4, 5)));
        assertEquals("Gemm: [2, 3] times [4, 5]: inner sizes differ", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.transposedTimes(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 3, 5)));
        assertEquals("Gemm: the transpose of [2, 3] times [3, 5]: inner sizes differ", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.times(Nd4j.zeros(DataType.FLOAT, 2, 3, 1), Nd4j.zeros(DataType.FLOAT, 3, 5)));
    }
}
