package io.attnspark.nn;

import io.attnspark.decode.Gemm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Back-propagation through time of {@link FusedGruLayer}, in ND4J ops.
 *
 * <p>libnd4j 1.0.0-M2's {@code gru_bp} does not match its own {@code gru} forward pass (the forward op applies
 * the reset gate after the recurrent product, {@code c = tanh(xc + b_c + r (h RW_c))}; the gradient op
 * differentiates another formula), so the layer's gradient is computed here instead, and checked against
 * finite differences in {@code FusedRecurrentLayerGradientTest}. The input projections, the input gradient
 * and the weight gradients are single matrix products over all steps; only the recurrent product and the
 * element-wise gate algebra run per step.
 */
final class GruBackprop {
    private GruBackprop() {
    }

    /**
     * Gradients of the layer output {@code out_t = mask_t h_t} (h_0 = 0).
     *
     * @param x       layer input [batch, nIn, time] (after dropout)
     * @param mask    [batch, time] or null (no padding)
     * @param w       [nIn, 3 nOut]
     * @param rw      [nOut, 3 nOut]
     * @param b       [1, 3 nOut]
     * @param epsilon dL/d out [batch, nOut, time]
     * @param gW      receives dL/dW [nIn, 3 nOut]
     * @param gRW     receives dL/dRW [nOut, 3 nOut]
     * @param gB      receives dL/db [1, 3 nOut]
     * @return dL/dx [batch, nIn, time]
     */
    static INDArray backward(INDArray x, INDArray mask, INDArray w, INDArray rw, INDArray b, INDArray epsilon,
                             INDArray gW, INDArray gRW, INDArray gB) {
        long batch = x.size(0);
        long nIn = x.size(1);
        long time = x.size(2);
        long n = rw.size(0);
        INDArray xs = x.permute(2, 0, 1).dup('c').reshape('c', time * batch, nIn);   // [T*B, nIn], row t*B + i
        INDArray zx = Gemm.times(xs, w).addiRowVector(b);                             // [T*B, 3n]
        INDArray hPrev = Nd4j.zeros(x.dataType(), time * batch, n);                 // h_{t-1} per step
        INDArray gates = Nd4j.createUninitialized(x.dataType(), time * batch, 3 * n); // r, u, c
        INDArray hc = Nd4j.createUninitialized(x.dataType(), time * batch, n);      // h_{t-1} RW_c
        INDArray h = Nd4j.zeros(x.dataType(), batch, n);
        for (int t = 0; t < time; t++) {
            INDArrayIndex rows = NDArrayIndex.interval(t * batch, (t + 1) * batch);
            hPrev.get(rows, NDArrayIndex.all()).assign(h);
            INDArray zh = Gemm.times(h, rw);                                             // [B, 3n]
            INDArray g = gates.get(rows, NDArrayIndex.all());
            g.assign(zx.get(rows, NDArrayIndex.all()));
            cols(g, 0, 2 * n).addi(cols(zh, 0, 2 * n));
            Transforms.sigmoid(cols(g, 0, 2 * n), false);
            INDArray hcT = cols(zh, 2 * n, 3 * n);
            hc.get(rows, NDArrayIndex.all()).assign(hcT);
            INDArray c = cols(g, 2 * n, 3 * n);
            c.addi(hcT.mul(cols(g, 0, n)));
            Transforms.tanh(c, false);
            INDArray u = cols(g, n, 2 * n);
            h = u.mul(h).addi(u.rsub(1.0).muli(c));
        }

        INDArray eps = epsilon.permute(2, 0, 1).dup('c');                           // [T, B, n]
        if (mask != null) {
            eps.muli(mask.transpose().reshape(time, batch, 1).castTo(eps.dataType()));
        }
        INDArray dZx = Nd4j.createUninitialized(x.dataType(), time * batch, 3 * n);
        INDArray dZh = Nd4j.createUninitialized(x.dataType(), time * batch, 3 * n);
        INDArray dh = Nd4j.zeros(x.dataType(), batch, n);
        for (int t = (int) time - 1; t >= 0; t--) {
            INDArrayIndex rows = NDArrayIndex.interval(t * batch, (t + 1) * batch);
            dh.addi(eps.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()));
            INDArray g = gates.get(rows, NDArrayIndex.all());
            INDArray r = cols(g, 0, n);
            INDArray u = cols(g, n, 2 * n);
            INDArray c = cols(g, 2 * n, 3 * n);
            INDArray hp = hPrev.get(rows, NDArrayIndex.all());
            INDArray dzc = dh.mul(u.rsub(1.0)).muli(c.mul(c).rsubi(1.0));            // dL/d(pre-tanh c)
            INDArray dzu = dh.mul(hp.sub(c)).muli(u).muli(u.rsub(1.0));
            INDArray dzr = dzc.mul(hc.get(rows, NDArrayIndex.all())).muli(r).muli(r.rsub(1.0));
            INDArray dx = dZx.get(rows, NDArrayIndex.all());
            cols(dx, 0, n).assign(dzr);
            cols(dx, n, 2 * n).assign(dzu);
            cols(dx, 2 * n, 3 * n).assign(dzc);
            INDArray dhz = dZh.get(rows, NDArrayIndex.all());
            cols(dhz, 0, 2 * n).assign(cols(dx, 0, 2 * n));
            cols(dhz, 2 * n, 3 * n).assign(dzc.mul(r));
            INDArray next = dh.mul(u);
            Nd4j.gemm(dhz, rw, next, false, true, 1.0, 1.0);
            dh = next;
        }
        gW.assign(Gemm.transposedTimes(xs, dZx));
        gRW.assign(Gemm.transposedTimes(hPrev, dZh));
        gB.assign(dZx.sum(true, 0));
        return Gemm.timesTransposed(dZx, w).reshape('c', time, batch, nIn).permute(1, 2, 0);
    }

    private static INDArray cols(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }
}
