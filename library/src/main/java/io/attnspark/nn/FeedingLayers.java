package io.attnspark.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * The stacked decoder cells of {@link InputFeedingDecoderVertex}, one step at a time forward and backward, in ND4J
 * ops. The cells are those of {@link FusedLstmLayer} (gate blocks input, forget, cell, output; forget bias) and
 * {@link FusedGruLayer} (reset, update, candidate; the reset gate after the recurrent product), with the same
 * parameter layout per layer: W [nIn, k n], RW [n, k n], b [1, k n] (k = 4 or 3); {@link LstmBackprop} and
 * {@link GruBackprop} have the same equations for a whole sequence.
 *
 * <p>Every step's inputs, gates and states are kept, over all steps, as [time * batch, ...] with row t * batch + i,
 * so that the weight gradients are single matrix products at the end ({@link #gradients}).
 */
final class FeedingLayers {
    private final RnnCell cell;
    private final int layers;
    private final long batch;
    private final long n;
    private final Map<String, INDArray> p;
    /** Per layer: its input after dropout [T*B, nIn]. */
    private final INDArray[] xs;
    /** Per layer: h_{t-1} at rows t*B .. (t+1)*B - 1, t = 0 .. T (h_T last). */
    private final INDArray[] hs;
    /** Per layer, LSTM: c_{t-1} likewise; null for a GRU. */
    private final INDArray[] cs;
    /** Per layer: the activated gates [T*B, k n] (GRU: r, u and the candidate). */
    private final INDArray[] gates;
    /** Per layer, GRU: h_{t-1} RW_c [T*B, n]. */
    private final INDArray[] hc;
    /** Per layer: inverted dropout mask of its input [T*B, nIn], or null (no dropout). */
    private final INDArray[] drop;
    /** Backward: per layer the gradient of x W (+ b) [T*B, k n], of h_{t-1} RW for a GRU, and the carried dh, dc. */
    private INDArray[] dZ;
    private INDArray[] dZh;
    private INDArray[] dh;
    private INDArray[] dc;

    /**
     * @param inputSizes nIn of each layer
     * @param drop       per layer the inverted dropout mask of its input [T*B, nIn], or null entries for none
     */
    FeedingLayers(RnnCell cell, Map<String, INDArray> params, long[] inputSizes, long n, long batch, long time,
                  INDArray[] drop, DataType type) {
        this.cell = cell;
        this.layers = inputSizes.length;
        this.batch = batch;
        this.n = n;
        this.p = params;
        this.drop = drop;
        int k = cell == RnnCell.LSTM ? 4 : 3;
        xs = new INDArray[layers];
        hs = new INDArray[layers];
        cs = new INDArray[layers];
        gates = new INDArray[layers];
        hc = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            xs[l] = Nd4j.create(type, time * batch, inputSizes[l]);
            hs[l] = Nd4j.zeros(type, (time + 1) * batch, n);
            gates[l] = Nd4j.create(type, time * batch, k * n);
            if (cell == RnnCell.LSTM) {
                cs[l] = Nd4j.zeros(type, (time + 1) * batch, n);
            } else {
                hc[l] = Nd4j.create(type, time * batch, n);
            }
        }
    }

    /** The input row block of layer 0 at step t [B, nIn_0], to be filled before {@link #forward}. */
    INDArray input(int t) {
        return xs[0].get(rows(t), NDArrayIndex.all());
    }

    /** Step t through every layer (layer 0's input filled in {@link #input}); returns the top h_t [B, n]. */
    INDArray forward(int t) {
        INDArray h = null;
        for (int l = 0; l < layers; l++) {
            INDArray x = xs[l].get(rows(t), NDArrayIndex.all());
            if (l > 0) {
                x.assign(h);
            }
            if (drop[l] != null) {
                x.muli(drop[l].get(rows(t), NDArrayIndex.all()));
            }
            INDArray w = p.get(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_W, l));
            INDArray rw = p.get(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_RW, l));
            INDArray b = p.get(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_B, l));
            h = cell == RnnCell.LSTM ? lstm(l, t, x, w, rw, b) : gru(l, t, x, w, rw, b);
        }
        return h;
    }

    private INDArray lstm(int l, int t, INDArray x, INDArray w, INDArray rw, INDArray b) {
        INDArray hPrev = hs[l].get(rows(t), NDArrayIndex.all());
        INDArray cPrev = cs[l].get(rows(t), NDArrayIndex.all());
        INDArray z = gates[l].get(rows(t), NDArrayIndex.all());
        Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
        Nd4j.gemm(hPrev, rw, z, false, false, 1.0, 1.0);
        z.addiRowVector(b);
        INDArray h = hs[l].get(rows(t + 1), NDArrayIndex.all());
        LstmBackprop.step(z, cPrev, cs[l].get(rows(t + 1), NDArrayIndex.all()), h);
        return h;
    }

    private INDArray gru(int l, int t, INDArray x, INDArray w, INDArray rw, INDArray b) {
        INDArray hPrev = hs[l].get(rows(t), NDArrayIndex.all());
        INDArray g = gates[l].get(rows(t), NDArrayIndex.all());
        Nd4j.gemm(x, w, g, false, false, 1.0, 0.0);
        g.addiRowVector(b);
        INDArray zh = hPrev.mmul(rw);                                              // [B, 3n]
        cols(g, 0, 2 * n).addi(cols(zh, 0, 2 * n));
        Transforms.sigmoid(cols(g, 0, 2 * n), false);
        INDArray hcT = cols(zh, 2 * n, 3 * n);
        hc[l].get(rows(t), NDArrayIndex.all()).assign(hcT);
        INDArray cand = cols(g, 2 * n, 3 * n);
        cand.addi(hcT.mul(cols(g, 0, n)));
        Transforms.tanh(cand, false);
        INDArray u = cols(g, n, 2 * n);
        INDArray h = hs[l].get(rows(t + 1), NDArrayIndex.all());
        u.mul(hPrev, h).addi(u.rsub(1.0).muli(cand));
        return h;
    }

    /**
     * Back-propagates step t (steps are visited T-1 down to 0): {@code dTop} [B, n] is the gradient w.r.t. the top
     * h_t from above (the attention); the gradients carried from step t+1 are added here.
     *
     * @return the gradient w.r.t. layer 0's input at step t (before dropout) [B, nIn_0]
     */
    INDArray backward(int t, INDArray dTop) {
        if (dZ == null) {
            dZ = new INDArray[layers];
            dZh = new INDArray[layers];
            dh = new INDArray[layers];
            dc = new INDArray[layers];
            for (int l = 0; l < layers; l++) {
                dZ[l] = Nd4j.create(gates[l].dataType(), gates[l].shape());
                dZh[l] = cell == RnnCell.GRU ? Nd4j.create(gates[l].dataType(), gates[l].shape()) : null;
                dh[l] = Nd4j.zeros(gates[l].dataType(), batch, n);
                dc[l] = cell == RnnCell.LSTM ? Nd4j.zeros(gates[l].dataType(), batch, n) : null;
            }
        }
        INDArray dIn = dTop;
        for (int l = layers - 1; l >= 0; l--) {
            INDArray dhT = dh[l].addi(dIn);
            INDArray rw = p.get(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_RW, l));
            INDArray w = p.get(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_W, l));
            INDArray dz = dZ[l].get(rows(t), NDArrayIndex.all());
            if (cell == RnnCell.LSTM) {
                lstmBackward(l, t, dhT, dz);
                dh[l] = dz.mmul(rw.transpose());
            } else {
                INDArray dzh = dZh[l].get(rows(t), NDArrayIndex.all());
                gruBackward(l, t, dhT, dz, dzh);
                INDArray next = dhT.mul(cols(gates[l].get(rows(t), NDArrayIndex.all()), n, 2 * n));
                Nd4j.gemm(dzh, rw, next, false, true, 1.0, 1.0);
                dh[l] = next;
            }
            dIn = dz.mmul(w.transpose());
            if (drop[l] != null) {
                dIn.muli(drop[l].get(rows(t), NDArrayIndex.all()));
            }
        }
        return dIn;
    }

    private void lstmBackward(int l, int t, INDArray dhT, INDArray dz) {
        INDArray z = gates[l].get(rows(t), NDArrayIndex.all());
        INDArray i = block(z, FusedLstmLayer.GATE_INPUT);
        INDArray f = block(z, FusedLstmLayer.GATE_FORGET);
        INDArray g = block(z, FusedLstmLayer.GATE_CELL);
        INDArray o = block(z, FusedLstmLayer.GATE_OUTPUT);
        INDArray cPrev = cs[l].get(rows(t), NDArrayIndex.all());
        INDArray tanhC = Transforms.tanh(cs[l].get(rows(t + 1), NDArrayIndex.all()), true);
        INDArray dcT = dc[l].addi(dhT.mul(o).muli(tanhC.mul(tanhC).rsubi(1.0)));
        block(dz, FusedLstmLayer.GATE_INPUT).assign(dcT.mul(g).muli(i.rsub(1.0).muli(i)));
        block(dz, FusedLstmLayer.GATE_FORGET).assign(dcT.mul(cPrev).muli(f.rsub(1.0).muli(f)));
        block(dz, FusedLstmLayer.GATE_CELL).assign(dcT.mul(i).muli(g.mul(g).rsubi(1.0)));
        block(dz, FusedLstmLayer.GATE_OUTPUT).assign(dhT.mul(tanhC).muli(o.rsub(1.0).muli(o)));
        dc[l] = dcT.mul(f);
    }

    private void gruBackward(int l, int t, INDArray dhT, INDArray dz, INDArray dzh) {
        INDArray g = gates[l].get(rows(t), NDArrayIndex.all());
        INDArray r = cols(g, 0, n);
        INDArray u = cols(g, n, 2 * n);
        INDArray cand = cols(g, 2 * n, 3 * n);
        INDArray hp = hs[l].get(rows(t), NDArrayIndex.all());
        INDArray dzc = dhT.mul(u.rsub(1.0)).muli(cand.mul(cand).rsubi(1.0));
        INDArray dzu = dhT.mul(hp.sub(cand)).muli(u).muli(u.rsub(1.0));
        INDArray dzr = dzc.mul(hc[l].get(rows(t), NDArrayIndex.all())).muli(r).muli(r.rsub(1.0));
        cols(dz, 0, n).assign(dzr);
        cols(dz, n, 2 * n).assign(dzu);
        cols(dz, 2 * n, 3 * n).assign(dzc);
        cols(dzh, 0, 2 * n).assign(cols(dz, 0, 2 * n));
        cols(dzh, 2 * n, 3 * n).assign(dzc.mul(r));
    }

    /** After step 0's {@link #backward}: every layer's W, RW and b gradient into {@code grads}. */
    void gradients(Map<String, INDArray> grads) {
        for (int l = 0; l < layers; l++) {
            long all = xs[l].size(0);
            INDArray hPrev = hs[l].get(NDArrayIndex.interval(0, all), NDArrayIndex.all());
            INDArray recurrent = cell == RnnCell.GRU ? dZh[l] : dZ[l];
            grads.get(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_W, l)).assign(xs[l].transpose().mmul(dZ[l]));
            grads.get(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_RW, l))
                    .assign(hPrev.transpose().mmul(recurrent));
            grads.get(InputFeedingDecoderVertex.layerParam(FusedRecurrentLayer.PARAM_B, l)).assign(dZ[l].sum(true, 0));
        }
    }

    private INDArrayIndex rows(long t) {
        return NDArrayIndex.interval(t * batch, (t + 1) * batch);
    }

    private INDArray block(INDArray z, int k) {
        return cols(z, k * n, (k + 1) * n);
    }

    private static INDArray cols(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }
}
