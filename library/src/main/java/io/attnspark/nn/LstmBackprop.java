package io.attnspark.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Back-propagation through time of {@link FusedLstmLayer}, in ND4J ops.
 *
 * <p>libnd4j 1.0.0-M2's {@code lstmLayer_bp} is correct but slow: at batch 64 x 17 steps, 256 inputs and 512
 * units it took 5 to 10 times as long as the {@code lstmLayer} forward pass, more than DL4J's whole LSTM
 * step; SameDiff's gradient function also re-runs the forward op before it. Here the forward pass is
 * recomputed once, keeping the gates, and the backward pass follows; the input projection, the input
 * gradient and the weight gradients are single matrix products over all steps, only the recurrent product
 * and the element-wise gate algebra run per step. {@code FusedRecurrentLayerGradientTest} checks it against
 * finite differences.
 */
final class LstmBackprop {
    private LstmBackprop() {
    }

    /**
     * Gradients of the layer output {@code out_t = mask_t h_t} (h_0 = c_0 = 0).
     *
     * @param x       layer input [batch, nIn, time] (after dropout)
     * @param mask    [batch, time] or null (no padding)
     * @param w       [nIn, 4 nOut]
     * @param rw      [nOut, 4 nOut]
     * @param b       [1, 4 nOut]
     * @param epsilon dL/d out [batch, nOut, time]
     * @param gW      receives dL/dW [nIn, 4 nOut]
     * @param gRW     receives dL/dRW [nOut, 4 nOut]
     * @param gB      receives dL/db [1, 4 nOut]
     * @return dL/dx [batch, nIn, time]
     */
    static INDArray backward(INDArray x, INDArray mask, INDArray w, INDArray rw, INDArray b, INDArray epsilon,
                             INDArray gW, INDArray gRW, INDArray gB) {
        long batch = x.size(0);
        long nIn = x.size(1);
        long time = x.size(2);
        long n = rw.size(0);
        INDArray xs = x.permute(2, 0, 1).dup('c').reshape('c', time * batch, nIn);   // [T*B, nIn], row t*B + i
        INDArray gates = xs.mmul(w).addiRowVector(b);                               // [T*B, 4n] -> activated gates
        INDArray hPrev = Nd4j.zeros(x.dataType(), time * batch, n);                 // h_{t-1} per step
        INDArray cells = Nd4j.createUninitialized(x.dataType(), time * batch, n);   // c_t per step
        INDArray h = Nd4j.zeros(x.dataType(), batch, n);
        INDArray c = Nd4j.zeros(x.dataType(), batch, n);
        for (int t = 0; t < time; t++) {
            INDArrayIndex rows = rows(t, batch);
            hPrev.get(rows, NDArrayIndex.all()).assign(h);
            INDArray z = gates.get(rows, NDArrayIndex.all());
            Nd4j.gemm(h, rw, z, false, false, 1.0, 1.0);
            Transforms.sigmoid(gate(z, FusedLstmLayer.GATE_INPUT, n), false);
            Transforms.sigmoid(gate(z, FusedLstmLayer.GATE_FORGET, n), false);
            Transforms.sigmoid(gate(z, FusedLstmLayer.GATE_OUTPUT, n), false);
            INDArray g = Transforms.tanh(gate(z, FusedLstmLayer.GATE_CELL, n), false);
            c = gate(z, FusedLstmLayer.GATE_FORGET, n).mul(c).addi(gate(z, FusedLstmLayer.GATE_INPUT, n).mul(g));
            cells.get(rows, NDArrayIndex.all()).assign(c);
            h = Transforms.tanh(c, true).muli(gate(z, FusedLstmLayer.GATE_OUTPUT, n));
        }

        INDArray eps = epsilon.permute(2, 0, 1).dup('c');                           // [T, B, n]
        if (mask != null) {
            eps.muli(mask.transpose().reshape(time, batch, 1).castTo(eps.dataType()));
        }
        INDArray dZ = Nd4j.createUninitialized(x.dataType(), time * batch, 4 * n);
        INDArray dh = Nd4j.zeros(x.dataType(), batch, n);
        INDArray dc = Nd4j.zeros(x.dataType(), batch, n);
        for (int t = (int) time - 1; t >= 0; t--) {
            INDArrayIndex rows = rows(t, batch);
            dh.addi(eps.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()));
            INDArray z = gates.get(rows, NDArrayIndex.all());
            INDArray i = gate(z, FusedLstmLayer.GATE_INPUT, n);
            INDArray f = gate(z, FusedLstmLayer.GATE_FORGET, n);
            INDArray g = gate(z, FusedLstmLayer.GATE_CELL, n);
            INDArray o = gate(z, FusedLstmLayer.GATE_OUTPUT, n);
            INDArray tanhC = Transforms.tanh(cells.get(rows, NDArrayIndex.all()), true);
            INDArray cPrev = t == 0 ? Nd4j.zeros(x.dataType(), batch, n) : cells.get(rows(t - 1, batch), NDArrayIndex.all());
            dc.addi(dh.mul(o).muli(tanhC.mul(tanhC).rsubi(1.0)));
            INDArray d = dZ.get(rows, NDArrayIndex.all());
            gate(d, FusedLstmLayer.GATE_OUTPUT, n).assign(dh.mul(tanhC).muli(o).muli(o.rsub(1.0)));
            gate(d, FusedLstmLayer.GATE_INPUT, n).assign(dc.mul(g).muli(i).muli(i.rsub(1.0)));
            gate(d, FusedLstmLayer.GATE_FORGET, n).assign(dc.mul(cPrev).muli(f).muli(f.rsub(1.0)));
            gate(d, FusedLstmLayer.GATE_CELL, n).assign(dc.mul(i).muli(g.mul(g).rsubi(1.0)));
            dc = dc.mul(f);
            dh = d.mmul(rw.transpose());
        }
        gW.assign(xs.transpose().mmul(dZ));
        gRW.assign(hPrev.transpose().mmul(dZ));
        gB.assign(dZ.sum(true, 0));
        return dZ.mmul(w.transpose()).reshape('c', time, batch, nIn).permute(1, 2, 0);
    }

    private static INDArrayIndex rows(long t, long batch) {
        return NDArrayIndex.interval(t * batch, (t + 1) * batch);
    }

    private static INDArray gate(INDArray z, int k, long n) {
        return z.get(NDArrayIndex.all(), NDArrayIndex.interval(k * n, (k + 1) * n));
    }
}
