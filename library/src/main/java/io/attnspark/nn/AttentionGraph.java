package io.attnspark.nn;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The SameDiff definition of {@link GlobalAttentionVertex}: scores, masked softmax, context and the
 * attentional layer, written
 * with batched rank-3 {@code mmul} (transpose flags) and 2-D {@code mmul} over flattened rows only, since
 * {@code tensorMmul} back-propagation and mean reductions under workspaces are broken in DL4J 1.0.0-M2.
 */
final class AttentionGraph {
    /** Added to the scores of padded source positions before the softmax. */
    static final double MASKED_SCORE = -1e9;
    static final double WINDOW_STEEPNESS = GlobalAttentionVertex.LOCAL_WINDOW_STEEPNESS;
    /** Added to the window factor before its log: outside the window sigmoid underflows to 0 in float32. */
    static final double WINDOW_FLOOR = GlobalAttentionVertex.LOCAL_WINDOW_FLOOR;

    private AttentionGraph() {
    }

    /**
     * The attentional vectors {@code tanh(W_c [context; h] + b_c)} for every decoder position, zero at
     * padded target positions: [batch, attentionalSize, tgtTime]. Arguments as for {@link #context}.
     */
    static SDVariable attentional(SameDiff sd, AttentionScore score, SDVariable dec, SDVariable enc,
                                  SDVariable encMask, SDVariable decMask, Map<String, SDVariable> params,
                                  long decSize, long encSize, long attSize, int window) {
        SDVariable ctx = context(sd, score, dec, enc, encMask, decMask, params, decSize, encSize, window); // [b, enc, tgt]
        SDVariable both = sd.concat(1, ctx, dec).permute(0, 2, 1);                              // [b, tgt, enc+dec]
        SDVariable pre = project(sd, both, params.get(GlobalAttentionVertex.PARAM_WC), encSize + decSize, attSize)
                .add(params.get(GlobalAttentionVertex.PARAM_BC));                               // [b, tgt, att]
        SDVariable out = sd.math.tanh(pre).permute(0, 2, 1);                                    // [b, att, tgt]
        return out.mul(sd.expandDims(decMask.castTo(dec.dataType()), 1));
    }

    /**
     * Context vectors for every decoder position.
     *
     * @param dec     decoder states [batch, decSize, tgtTime]
     * @param enc     encoder states [batch, encSize, srcTime]
     * @param encMask source mask [batch, srcTime], 1 = token, 0 = padding; null for none
     * @param decMask (for {@link #attentional}) target mask [batch, tgtTime], all ones when the batch has none
     * @return context [batch, encSize, tgtTime]
     */
    static SDVariable context(SameDiff sd, AttentionScore score, SDVariable dec, SDVariable enc, SDVariable encMask,
                              SDVariable decMask, Map<String, SDVariable> params, long decSize, long encSize,
                              int window) {
        SDVariable scores = scores(sd, score, dec, enc, params, decSize, encSize);   // [b, tgt, src]
        if (encMask != null) {
            SDVariable m = sd.expandDims(encMask.castTo(dec.dataType()), 1);     // [b, 1, src]
            scores = scores.add(m.sub(1.0).mul(-MASKED_SCORE));
        }
        if (window > 0) {
            // Luong's local-p: the softmax restricted to the window around p_t, then Gaussian-weighted. The window
            // enters the scores as log sigmoid(K (D + 1/2 - d)) + log sigmoid(K (D + 1/2 + d)) (d = s - p_t).
            SDVariable distance = localDistance(sd, dec, enc, encMask, decMask, params, decSize); // [b, tgt, src]
            SDVariable right = sd.nn.sigmoid(distance.rsub(window + 0.5).mul(WINDOW_STEEPNESS));
            SDVariable left = sd.nn.sigmoid(distance.add(window + 0.5).mul(WINDOW_STEEPNESS));
            scores = scores.add(sd.math.log(right.mul(left).add(WINDOW_FLOOR)));
        }
        SDVariable alpha = sd.nn.softmax(scores, 2);                                // [b, tgt, src]
        if (window > 0) {
            double sigma = window / 2.0;
            // The distance is computed a second time for the Gaussian: with one distance variable feeding both
            // the window and the Gaussian, M2 got the gradient of W_p and v_p wrong by up to 7% (gradient check).
            SDVariable again = localDistance(sd, dec, enc, encMask, decMask, params, decSize);
            alpha = alpha.mul(sd.math.exp(again.mul(again).mul(-1.0 / (2 * sigma * sigma))));
        }
        return sd.mmul(enc, alpha, false, true, false);                             // [b, enc, tgt]
    }

    /**
     * Local-p attention's {@code s - p_t} for every target position t and source position s: [b, tgt, src],
     * with {@code p_t = (len - 1) sigmoid(v_p^T tanh(W_p h_t))} in [0, len - 1] (len = source length, EOS
     * included) and s = 0, 1, ...
     */
    static SDVariable localDistance(SameDiff sd, SDVariable dec, SDVariable enc, SDVariable encMask,
                                    SDVariable decMask, Map<String, SDVariable> params, long decSize) {
        DataType type = dec.dataType();
        SDVariable hq = sd.math.tanh(project(sd, dec.permute(0, 2, 1), params.get(GlobalAttentionVertex.PARAM_WP),
                decSize, decSize));                                                     // [b, tgt, dec]
        SDVariable gate = sd.nn.sigmoid(project(sd, hq, params.get(GlobalAttentionVertex.PARAM_VP), decSize, 1));
        // Constants from the masks (ones where there is no mask): s and p_t are spread to [b, tgt, src] by
        // batched products with ones rather than by broadcasting both operands of one subtraction.
        SDVariable srcOnes = encMask != null ? encMask.castTo(type).mul(0.0).add(1.0)
                : enc.get(SDIndex.all(), SDIndex.point(0), SDIndex.all()).mul(0.0).add(1.0);   // [b, src]
        SDVariable lengths = encMask != null ? encMask.castTo(type).sum(true, 1) : srcOnes.sum(true, 1); // [b, 1]
        SDVariable pt = gate.mul(sd.expandDims(lengths.sub(1.0), 2));                  // [b, tgt, 1]
        SDVariable tgtOnes = sd.expandDims(decMask.castTo(type).mul(0.0).add(1.0), 2); // [b, tgt, 1]
        SDVariable positions = sd.expandDims(sd.cumsum(srcOnes, true, false, 1), 1);  // [b, 1, src]: 0, 1, ...
        SDVariable ptFull = sd.mmul(pt, sd.expandDims(srcOnes, 1), false, false, false);  // [b, tgt, src]
        SDVariable posFull = sd.mmul(tgtOnes, positions, false, false, false);            // [b, tgt, src]
        return posFull.sub(ptFull);
    }

    /** Unnormalised scores [batch, tgtTime, srcTime]. */
    static SDVariable scores(SameDiff sd, AttentionScore score, SDVariable dec, SDVariable enc,
                             Map<String, SDVariable> params, long decSize, long encSize) {
        switch (score) {
            case DOT:
                return sd.mmul(dec, enc, true, false, false);
            case SCALED_DOT:
                return sd.mmul(dec, enc, true, false, false).mul(1.0 / Math.sqrt(decSize));
            case GENERAL: {
                SDVariable q = project(sd, dec.permute(0, 2, 1), params.get(GlobalAttentionVertex.PARAM_WA),
                        decSize, encSize);                                            // [b, tgt, enc]
                return sd.mmul(q, enc, false, false, false);
            }
            case ADDITIVE: {
                SDVariable w1h = project(sd, dec.permute(0, 2, 1), params.get(GlobalAttentionVertex.PARAM_W1),
                        decSize, decSize);                                            // [b, tgt, a]
                SDVariable w2s = project(sd, enc.permute(0, 2, 1), params.get(GlobalAttentionVertex.PARAM_W2),
                        encSize, decSize);                                            // [b, src, a]
                SDVariable sum = sd.math.tanh(sd.expandDims(w1h, 2).add(sd.expandDims(w2s, 1))); // [b, tgt, src, a]
                SDVariable flat = sum.reshape(-1, decSize).mmul(params.get(GlobalAttentionVertex.PARAM_V));
                SDVariable shape = sd.shape(sum).get(org.nd4j.autodiff.samediff.SDIndex.interval(0, 3));
                return sd.reshape(flat, shape);                                       // [b, tgt, src]
            }
            default:
                throw new IllegalStateException("unhandled score " + score);
        }
    }

    /** {@code x W} for x [b, t, in] and W [in, out], as one 2-D mmul: [b, t, out]. */
    static SDVariable project(SameDiff sd, SDVariable x, SDVariable w, long in, long out) {
        SDVariable y = x.reshape(-1, in).mmul(w);
        SDVariable lead = sd.shape(x).get(org.nd4j.autodiff.samediff.SDIndex.interval(0, 2));
        SDVariable shape = sd.concat(0, lead, sd.constant(Nd4j.createFromArray(out).castTo(DataType.LONG)));
        return sd.reshape(y, shape);
    }
}
