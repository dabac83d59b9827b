package io.attnspark.nn.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The sinusoidal position table of Vaswani et al.: P[t, 2i] = sin(t / 10000^(2i/d)), P[t, 2i+1] = cos(same). */
public final class SinusoidalPositions {
    private SinusoidalPositions() {
    }

    /** The table [positions, d]. */
    public static INDArray table(int positions, int d, DataType type) {
        double[] data = new double[positions * d];
        for (int t = 0; t < positions; t++) {
            for (int j = 0; j < d; j++) {
                double angle = t / Math.pow(10000.0, (2 * (j / 2)) / (double) d);
                data[t * d + j] = j % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        return Nd4j.create(data, new long[] {positions, d}, DataType.DOUBLE).castTo(type);
    }
}
