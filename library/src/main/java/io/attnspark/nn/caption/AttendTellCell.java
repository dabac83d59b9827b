package io.attnspark.nn.caption;

import io.attnspark.decode.Gemm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;
import java.util.Random;

import static io.attnspark.nn.caption.CaptionDecoderParams.*;

/**
 * The forward equations of the Show, Attend and Tell decoder (Xu et al. 2015, soft attention) in plain ND4J arrays,
 * shared by training ({@link AttendTellBackprop}) and decoding ({@link CaptionStepDecoder}):
 *
 * <pre>
 * a      = annotation vectors [b, L, C] (the encoder grid, L = H' W' positions)
 * h0, c0 = tanh(mean_i a_i W_h0 + b_h0), tanh(mean_i a_i W_c0 + b_c0)
 * e_ti   = v^T tanh(a_i W_fa + h_{t-1} W_ha + b_a);  alpha_t = softmax_i(e_t)
 * z_t    = sigmoid(h_{t-1} W_beta + b_beta) sum_i f_ti a_i        (f_t: the focus, see {@link Focus})
 * h_t    = LSTM([E y_{t-1}; z_t], h_{t-1}, c_{t-1})
 * p(y_t) = softmax((E y_{t-1} + h_t L_h + z_t L_z) W_o + b_o)
 * </pre>
 *
 * Every intermediate that the backward pass needs is kept in the returned records.
 */
final class AttendTellCell {
    private final Map<String, INDArray> p;
    private final int c;
    private final int l;
    private final int a;

    /** The four gates' input weights side by side [E + C, 4H], recurrent weights [H, 4H] and biases [1, 4H]. */
    private final INDArray gateInput;
    private final INDArray gateRecurrent;
    private final INDArray gateBias;
    private final int hidden;

    /**
     * Reads the parameters once: the gates' weights are copied side by side here (one product per step for all
     * four gates), so a cell must be made again after the parameters change.
     */
    AttendTellCell(Map<String, INDArray> params, int featureSize, int gridPositions, int attentionSize) {
        this.p = params;
        this.c = featureSize;
        this.l = gridPositions;
        this.a = attentionSize;
        INDArray[] in = new INDArray[GATES.length];
        INDArray[] rec = new INDArray[GATES.length];
        INDArray[] bias = new INDArray[GATES.length];
        for (int k = 0; k < GATES.length; k++) {
            in[k] = params.get(wx(GATES[k]));
            rec[k] = params.get(wr(GATES[k]));
            bias[k] = params.get(bias(GATES[k])).reshape(1, -1);
        }
        this.hidden = (int) rec[0].size(1);
        this.gateInput = Nd4j.hstack(in).dup('c');
        this.gateRecurrent = Nd4j.hstack(rec).dup('c');
        this.gateBias = Nd4j.hstack(bias).dup('c');
    }

    /** The gates' input weights side by side in the order of {@code GATES}: [E + C, 4H]. */
    INDArray gateInput() {
        return gateInput;
    }

    /** The gates' recurrent weights side by side: [H, 4H]. */
    INDArray gateRecurrent() {
        return gateRecurrent;
    }

    int hidden() {
        return hidden;
    }

    Map<String, INDArray> params() {
        return p;
    }

    /**
     * The encoder side, computed once per image.
     *
     * @param ann       annotations [b, L, C], c order
     * @param projected a W_fa [b, L, A]
     * @param mean      mean annotation [b, C]
     * @param h0        initial hidden state [b, H]
     * @param c0        initial cell state [b, H]
     */
    record Start(INDArray ann, INDArray projected, INDArray mean, INDArray h0, INDArray c0) {
    }

    /** Which weights over the grid form the context at a step. */
    enum Focus {
        /** The attention weights alpha: the expected context (soft attention). */
        SOFT,
        /** One position per row sampled from alpha (hard attention in training). */
        SAMPLE,
        /** The most attended position of each row (hard attention in decoding). */
        ARGMAX
    }

    /** One step's intermediates; shapes [b, ...] as named in the class comment ({@code focus}: f_t [b, L]). */
    record Step(INDArray hPrev, INDArray cPrev, INDArray emb, INDArray act, INDArray alpha, INDArray focus, INDArray ctx,
                INDArray beta, INDArray z, INDArray x, INDArray in, INDArray forget, INDArray out, INDArray cand,
                INDArray c, INDArray tanhC, INDArray h, INDArray deep, INDArray logProbs) {
    }

    /** Encodes the grid [b, C, H', W'] (NCHW). */
    Start start(INDArray grid) {
        long b = grid.size(0);
        INDArray ann = grid.reshape('c', b, c, l).permute(0, 2, 1).dup('c');              // [b, L, C]
        INDArray proj = Gemm.times(ann.reshape(b * l, c), p.get(W_FEAT)).reshape(b, l, a);          // [b, L, A]
        INDArray mean = ann.sum(1).divi(l);                                                   // [b, C]
        INDArray h0 = Transforms.tanh(Gemm.times(mean, p.get(W_H0)).addiRowVector(p.get(B_H0)), false);
        INDArray c0 = Transforms.tanh(Gemm.times(mean, p.get(W_C0)).addiRowVector(p.get(B_C0)), false);
        return new Start(ann, proj, mean, h0, c0);
    }

    /** One soft-attention step from state (hPrev, cPrev) [b, H] with the previous words {@code previous} [b]. */
    Step step(INDArray ann, INDArray projected, INDArray hPrev, INDArray cPrev, int[] previous) {
        return step(ann, projected, hPrev, cPrev, previous, Focus.SOFT, null);
    }

    /**
     * One step from state (hPrev, cPrev) [b, H] with the previous words {@code previous} [b], the context formed
     * as {@code focus} says ({@code random} draws the positions for {@link Focus#SAMPLE}).
     */
    Step step(INDArray ann, INDArray projected, INDArray hPrev, INDArray cPrev, int[] previous, Focus focus,
              Random random) {
        int b = previous.length;
        INDArray hProj = Gemm.times(hPrev, p.get(W_HID)).addiRowVector(p.get(B_ATT)).reshape(b, 1, a);
        INDArray act = Transforms.tanh(projected.add(hProj), false);                          // [b, L, A]
        INDArray scores = Gemm.times(act.reshape((long) b * l, a), p.get(V_ATT)).reshape(b, l);
        INDArray alpha = Transforms.softmax(scores, false);                                   // [b, L]
        INDArray f = focus == Focus.SOFT ? alpha : positions(alpha, focus, random);          // [b, L]
        INDArray ctx = ann.mul(f.reshape(b, l, 1)).sum(1);                                     // [b, C]
        INDArray beta = Transforms.sigmoid(Gemm.times(hPrev, p.get(W_BETA)).addiRowVector(p.get(B_BETA)), false); // [b, 1]
        INDArray z = ctx.mulColumnVector(beta);                                                // [b, C]
        INDArray emb = Nd4j.pullRows(p.get(EMBED), 1, previous);                               // [b, E]
        INDArray x = Nd4j.hstack(emb, z);                                                      // [b, E + C]
        INDArray gates = Gemm.times(x, gateInput).addi(Gemm.times(hPrev, gateRecurrent)).addiRowVector(gateBias);
        INDArray in = Transforms.sigmoid(gate(gates, 0), true);                               // [b, H] each
        INDArray forget = Transforms.sigmoid(gate(gates, 1), true);
        INDArray out = Transforms.sigmoid(gate(gates, 2), true);
        INDArray cand = Transforms.tanh(gate(gates, 3), true);
        INDArray cNew = forget.mul(cPrev).addi(in.mul(cand));
        INDArray tanhC = Transforms.tanh(cNew, true);
        INDArray h = out.mul(tanhC);
        INDArray deep = emb.add(Gemm.times(h, p.get(L_H))).addi(Gemm.times(z, p.get(L_Z)));                 // [b, E]
        INDArray logits = Gemm.times(deep, p.get(W_OUT)).addiRowVector(p.get(B_OUT));                // [b, V]
        return new Step(hPrev, cPrev, emb, act, alpha, f, ctx, beta, z, x, in, forget, out, cand, cNew, tanhC, h, deep,
                logSoftmax(logits));
    }

    /** One-hot rows [b, L]: a position drawn from each row of alpha, or each row's most attended one. */
    static INDArray positions(INDArray alpha, Focus focus, Random random) {
        double[][] w = alpha.toDoubleMatrix();
        int l = w[0].length;
        double[] out = new double[w.length * l];
        for (int i = 0; i < w.length; i++) {
            int pick = 0;
            if (focus == Focus.SAMPLE) {
                double u = random.nextDouble();
                double sum = 0;
                pick = -1;
                int last = 0;   // rounding: the cumulative sum may end just below u; then the last position with weight
                for (int j = 0; j < l && pick < 0; j++) {
                    if (w[i][j] > 0) {
                        last = j;
                    }
                    sum += w[i][j];
                    if (u < sum) {
                        pick = j;
                    }
                }
                pick = pick < 0 ? last : pick;
            } else {
                for (int j = 1; j < l; j++) {
                    if (w[i][j] > w[i][pick]) {
                        pick = j;
                    }
                }
            }
            out[i * l + pick] = 1.0;
        }
        return Nd4j.create(out, new long[]{w.length, l}, alpha.dataType());
    }

    /** The pre-activation of gate {@code k} (in the order of {@code GATES}): a view of columns of [b, 4H]. */
    private INDArray gate(INDArray gates, int k) {
        return gates.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * hidden, (long) (k + 1) * hidden));
    }

    /** Row-wise log-softmax of [b, V]. */
    static INDArray logSoftmax(INDArray logits) {
        INDArray max = logits.max(true, 1);
        INDArray shifted = logits.subColumnVector(max);
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(lse);
    }
}
