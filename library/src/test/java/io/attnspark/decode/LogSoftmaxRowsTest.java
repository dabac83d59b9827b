package io.attnspark.decode;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSoftmaxRowsTest {

    /** log p = z - log(sum exp z) per row, in double on the host. */
    private static double[][] reference(double[][] z) {
        double[][] out = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z[i]) {
                sum += Math.exp(v - max);
            }
            double lse = max + Math.log(sum);
            out[i] = new double[z[i].length];
            for (int j = 0; j < z[i].length; j++) {
                out[i][j] = z[i][j] - lse;
            }
        }
        return out;
    }

    @Test
    void matchesTheDefinitionInFloatAndDouble() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(7);
            INDArray logits = Nd4j.randn(type, 5, 300).muli(4.0);
            double[][] expected = reference(logits.toDoubleMatrix());
            INDArray result = LogSoftmaxRows.inPlace(logits);
            assertSame(logits, result, "computed in place");
            double[][] got = result.toDoubleMatrix();
            double tolerance = type == DataType.FLOAT ? 2e-5 : 1e-12;
            for (int i = 0; i < expected.length; i++) {
                for (int j = 0; j < expected[i].length; j++) {
                    assertEquals(expected[i][j], got[i][j], tolerance * Math.max(1, Math.abs(expected[i][j])),
                            type + " row " + i + " column " + j);
                }
            }
        }
    }

    @Test
    void staysFiniteWhereProbabilitiesUnderflowAndHandlesUniformRows() {
        // Row 0 spans 400 nats: exp underflows in float for most entries, the log-probabilities must not.
        float[][] z = new float[3][8];
        for (int j = 0; j < 8; j++) {
            z[0][j] = -50f * j;
            z[1][j] = 3f;                  // uniform: log(1/8) everywhere
            z[2][j] = 1000f + j;           // large offsets cancel
        }
        INDArray logits = Nd4j.createFromArray(z);
        double[][] expected = reference(logits.toDoubleMatrix());
        double[][] got = LogSoftmaxRows.inPlace(logits).toDoubleMatrix();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 8; j++) {
                assertTrue(Double.isFinite(got[i][j]), "row " + i + " column " + j + " is " + got[i][j]);
                assertEquals(expected[i][j], got[i][j], 1e-4 * Math.max(1, Math.abs(expected[i][j])),
                        "row " + i + " column " + j);
            }
        }
        assertEquals(-Math.log(8), got[1][5], 1e-6);
        assertEquals(-350.0, got[0][7], 1e-3);
    }
}
