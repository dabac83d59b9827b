package io.attnspark.decode;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products of the step decoders, written into a new c-order result through {@link Nd4j#gemm}.
 *
 * <p>{@code a.mmul(b)} in ND4J 1.0.0-M2 took 9 to 11 ms for [64, 512] x [512, 8000] floats on 2 threads, where
 * {@code Nd4j.gemm} into a new c-order array took 4.5 to 5.2 ms (and 2.9 ms into a reused one); the output
 * projection over the vocabulary is the largest product of every decoding step.
 */
public final class Gemm {
    private Gemm() {
    }

    /** {@code a b} for 2-d {@code a} [m, k] and {@code b} [k, n]: a new [m, n] array in c order. */
    public static INDArray times(INDArray a, INDArray b) {
        return product(a, b, false);
    }

    /** {@code a b^T} for 2-d {@code a} [m, k] and {@code b} [n, k]: a new [m, n] array in c order. */
    public static INDArray timesTransposed(INDArray a, INDArray b) {
        return product(a, b, true);
    }

    /** {@code a^T b} for 2-d {@code a} [k, m] and {@code b} [k, n]: a new [m, n] array in c order. */
    public static INDArray transposedTimes(INDArray a, INDArray b) {
        return product(a, b, true, false);
    }

    private static INDArray product(INDArray a, INDArray b, boolean transposeB) {
        return product(a, b, false, transposeB);
    }

    private static INDArray product(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("Gemm needs 2-d operands, got ranks " + a.rank() + " and " + b.rank());
        }
        long m = transposeA ? a.size(1) : a.size(0);
        long ka = transposeA ? a.size(0) : a.size(1);
        long kb = transposeB ? b.size(1) : b.size(0);
        if (ka != kb) {
            throw new IllegalArgumentException("Gemm: " + (transposeA ? "the transpose of " : "") + "[" + a.size(0)
                    + ", " + a.size(1) + "] times " + (transposeB ? "the transpose of " : "") + "[" + b.size(0) + ", "
                    + b.size(1) + "]: inner sizes differ");
        }
        long n = transposeB ? b.size(0) : b.size(1);
        INDArray c = Nd4j.createUninitialized(a.dataType(), new long[] {m, n}, 'c');
        return Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
    }
}
