package io.attnspark.nn;

import io.attnspark.decode.Gemm;
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
 * step; SameDiff's gradient function also re-runs the forward op before it. Here the forward pass keeps its
 * gates and cell states ({@link #forward}: the training forward pass of {@link FusedRecurrentRuntime} runs it and
 * keeps the result for the backward pass; otherwise the backward pass recomputes it), and the backward pass follows; the input projection, the input
 * gradient and the weight gradients are single matrix products over all steps, only the recurrent product
 * and the element-wise gate algebra run per step. {@code FusedRecurrentLayerGradientTest} checks it against
 * finite differences.
 */
final class LstmBackprop {
    private LstmBackprop() {
    }

    /**
     * The forward pass with what the backward pass needs.
     *
     * @param xs    the input as [time * batch, nIn], row t * batch + i
     * @param gates activated gates [time * batch, 4 nOut]
     * @param hs    h_{t-1} at rows t * batch .. (t + 1) * batch - 1, for t = 0 .. time (h_time last)
     * @param cs    c_{t-1} likewise
     */
    record Forward(INDArray xs, INDArray gates, INDArray hs, INDArray cs, long batch, long time) {
        /** The layer output out_t = mask_t h_t as [batch, nOut, time]. */
        INDArray output(INDArray mask) {
            long n = hs.size(1);
            INDArray h = hs.get(NDArrayIndex.interval(batch, (time + 1) * batch), NDArrayIndex.all())
                    .reshape('c', time, batch, n).permute(1, 2, 0).dup('c');
            if (mask != null) {
                h.muli(mask.reshape(batch, 1, time).castTo(h.dataType()));
            }
            return h;
        }
    }

    /** The forward pass over input x [batch, nIn, time] (h_0 = c_0 = 0), keeping gates and states. */
    static Forward forward(INDArray x, INDArray w, INDArray rw, INDArray b) {
        long batch = x.size(0);
        long nIn = x.size(1);
        long time = x.size(2);
        long n = rw.size(0);
        INDArray xs = x.permute(2, 0, 1).dup('c').reshape('c', time * batch, nIn);   // [T*B, nIn], row t*B + i
        INDArray gates = Gemm.times(xs, w).addiRowVector(b);                          // [T*B, 4n] -> activated gates
        INDArray hs = Nd4j.zeros(x.dataType(), (time + 1) * batch, n);              // h_{t-1} at rows t*B..
        INDArray cs = Nd4j.zeros(x.dataType(), (time + 1) * batch, n);              // c_{t-1} at rows t*B..
        for (int t = 0; t < time; t++) {
            INDArray hPrev = hs.get(rows(t, batch), NDArrayIndex.all());
            INDArray cPrev = cs.get(rows(t, batch), NDArrayIndex.all());
            INDArray z = gates.get(rows(t, batch), NDArrayIndex.all());
            Nd4j.gemm(hPrev, rw, z, false, false, 1.0, 1.0);
            step(z, cPrev, cs.get(rows(t + 1, batch), NDArrayIndex.all()),
                    hs.get(rows(t + 1, batch), NDArrayIndex.all()));
        }
        return new Forward(xs, gates, hs, cs, batch, time);
    }

    /**
     * One step of the cell from its gate pre-activations {@code z} [batch, 4n] (x W + h_{t-1} RW + b, gate blocks as
     * in {@link FusedLstmLayer}): activates the gates in {@code z} in place (what the backward pass reads), and writes
     * c_t = f c_{t-1} + i g into {@code c} and h_t = o tanh(c_t) into {@code h} ([batch, n] each).
     */
    static void step(INDArray z, INDArray cPrev, INDArray c, INDArray h) {
        long n = cPrev.size(1);
        INDArray i = Transforms.sigmoid(gate(z, FusedLstmLayer.GATE_INPUT, n), false);
        INDArray f = Transforms.sigmoid(gate(z, FusedLstmLayer.GATE_FORGET, n), false);
        INDArray o = Transforms.sigmoid(gate(z, FusedLstmLayer.GATE_OUTPUT, n), false);
        INDArray g = Transforms.tanh(gate(z, FusedLstmLayer.GATE_CELL, n), false);
        f.mul(cPrev, c).addi(i.mul(g));
        Transforms.tanh(c, true).mul(o, h);
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
        return backward(forward(x, w, rw, b), mask, w, rw, epsilon, gW, gRW, gB);
    }

    /** As {@link #backward(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}, from a kept forward pass. */
    static INDArray backward(Forward fw, INDArray mask, INDArray w, INDArray rw, INDArray epsilon,
                             INDArray gW, INDArray gRW, INDArray gB) {
        long batch = fw.batch();
        long time = fw.time();
        long nIn = w.size(0);
        long n = rw.size(0);
        INDArray xs = fw.xs();
        INDArray gates = fw.gates();
        INDArray hs = fw.hs();
        INDArray cs = fw.cs();
        long all = time * batch;
        INDArray hPrevAll = hs.get(NDArrayIndex.interval(0, all), NDArrayIndex.all());
        INDArray cPrevAll = cs.get(NDArrayIndex.interval(0, all), NDArrayIndex.all());
        INDArray tanhC = Transforms.tanh(cs.get(NDArrayIndex.interval(batch, all + batch), NDArrayIndex.all()), true);
        INDArray ai = gate(gates, FusedLstmLayer.GATE_INPUT, n);
        INDArray af = gate(gates, FusedLstmLayer.GATE_FORGET, n);
        INDArray ag = gate(gates, FusedLstmLayer.GATE_CELL, n);
        INDArray ao = gate(gates, FusedLstmLayer.GATE_OUTPUT, n);
        // step-independent factors, for all steps at once: dc += dh * dcdh; dz_k = dc * k_k (k = i, f, g); dz_o = dh * k_o
        INDArray dcdh = tanhC.mul(tanhC).rsubi(1.0).muli(ao);
        INDArray k = Nd4j.createUninitialized(xs.dataType(), all, 4 * n);
        gate(k, FusedLstmLayer.GATE_INPUT, n).assign(ai.rsub(1.0).muli(ai).muli(ag));
        gate(k, FusedLstmLayer.GATE_FORGET, n).assign(af.rsub(1.0).muli(af).muli(cPrevAll));
        gate(k, FusedLstmLayer.GATE_CELL, n).assign(ag.mul(ag).rsubi(1.0).muli(ai));
        gate(k, FusedLstmLayer.GATE_OUTPUT, n).assign(ao.rsub(1.0).muli(ao).muli(tanhC));

        INDArray eps = epsilon.permute(2, 0, 1).dup('c');                           // [T, B, n]
        if (mask != null) {
            eps.muli(mask.transpose().reshape(time, batch, 1).castTo(eps.dataType()));
        }
        INDArray dZ = Nd4j.createUninitialized(xs.dataType(), all, 4 * n);
        INDArray dh = Nd4j.zeros(xs.dataType(), batch, n);
        INDArray dc = Nd4j.zeros(xs.dataType(), batch, n);
        for (int t = (int) time - 1; t >= 0; t--) {
            INDArrayIndex rows = rows(t, batch);
            INDArray kt = k.get(rows, NDArrayIndex.all());
            INDArray d = dZ.get(rows, NDArrayIndex.all());
            dh.addi(eps.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()));
            dc.addi(dh.mul(dcdh.get(rows, NDArrayIndex.all())));
            dc.mul(gate(kt, FusedLstmLayer.GATE_INPUT, n), gate(d, FusedLstmLayer.GATE_INPUT, n));
            dc.mul(gate(kt, FusedLstmLayer.GATE_FORGET, n), gate(d, FusedLstmLayer.GATE_FORGET, n));
            dc.mul(gate(kt, FusedLstmLayer.GATE_CELL, n), gate(d, FusedLstmLayer.GATE_CELL, n));
            dh.mul(gate(kt, FusedLstmLayer.GATE_OUTPUT, n), gate(d, FusedLstmLayer.GATE_OUTPUT, n));
            dc.muli(af.get(rows, NDArrayIndex.all()));
            dh = Gemm.timesTransposed(d, rw);
        }
        gW.assign(Gemm.transposedTimes(xs, dZ));
        gRW.assign(Gemm.transposedTimes(hPrevAll, dZ));
        gB.assign(dZ.sum(true, 0));
        return Gemm.timesTransposed(dZ, w).reshape('c', time, batch, nIn).permute(1, 2, 0);
    }

    private static INDArrayIndex rows(long t, long batch) {
        return NDArrayIndex.interval(t * batch, (t + 1) * batch);
    }

    private static INDArray gate(INDArray z, int k, long n) {
        return z.get(NDArrayIndex.all(), NDArrayIndex.interval(k * n, (k + 1) * n));
    }
}
