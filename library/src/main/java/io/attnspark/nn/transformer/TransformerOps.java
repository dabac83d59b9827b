package io.attnspark.nn.transformer;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The SameDiff building blocks of the Transformer's vertices. Activations are handled as rows [b*T, d]
 * (b-major), converted from and to DL4J's [b, d, T] at the vertex boundary. Written with 2-D {@code mmul} and
 * batched rank-3 {@code mmul} only ({@code tensorMmul} back-propagation is broken in DL4J 1.0.0-M2) and with
 * {@code layerNorm} (no mean reductions).
 *
 * <p>M2's SameDiff differentiates the producer of a variable used by two ops as soon as the first of them is
 * differentiated, and then back-propagates zeros from it; the gradient check found every parameter below such a
 * point with a zero gradient. So inside a vertex only inputs (placeholders), parameters and values computed
 * directly from them (a layer norm of the input) are used more than once; anything else is computed once per use
 * ({@link #rows} of the input for the residual and again for the sub-layer), and residual connections and
 * sub-layers are separate vertices, whose fan-out DL4J back-propagates correctly.
 */
final class TransformerOps {
    /** Added to the scores of positions a query may not see. */
    static final double MASKED_SCORE = -1e9;
    static final String PARAM_LN_GAIN = "lng";
    static final String PARAM_LN_BIAS = "lnb";

    private TransformerOps() {
    }

    /** Dynamic sizes of an input [b, d, T]: {@code b} and {@code T} as LONG vectors of length 1. */
    record Dims(SDVariable b, SDVariable t) {
        static Dims of(SameDiff sd, SDVariable x) {
            SDVariable shape = sd.shape(x);
            return new Dims(shape.get(SDIndex.interval(0, 1)), shape.get(SDIndex.interval(2, 3)));
        }
    }

    static SDVariable longs(SameDiff sd, long... values) {
        return sd.constant(Nd4j.createFromArray(values).castTo(DataType.LONG));
    }

    /** [b, d, T] to rows [b*T, d]. */
    static SDVariable rows(SDVariable x, long d) {
        return x.permute(0, 2, 1).reshape(-1, d);
    }

    /** Rows [b*T, d] back to [b, d, T]. */
    static SDVariable unrows(SameDiff sd, SDVariable rows, Dims dims, long d) {
        return sd.reshape(rows, sd.concat(0, dims.b(), dims.t(), longs(sd, d))).permute(0, 2, 1);
    }

    /** {@code x W + b} for rows x [N, in], W [in, out], b [out]. */
    static SDVariable linear(SDVariable x, SDVariable w, SDVariable b) {
        return x.mmul(w).add(b);
    }

    /** Layer norm over the last axis of rows [N, d] with gain {@code lng} and bias {@code lnb} [d]. */
    static SDVariable layerNorm(SameDiff sd, SDVariable rows, Map<String, SDVariable> p) {
        return sd.nn.layerNorm(rows, p.get(PARAM_LN_GAIN), p.get(PARAM_LN_BIAS), false, 1);
    }

    /** Columns [from, to) of a weight [in, out] (a parameter, so using it several times is safe). */
    static SDVariable columns(SDVariable w, long from, long to) {
        return w.get(SDIndex.all(), SDIndex.interval(from, to));
    }

    /** Entries [from, to) of a bias [out]. */
    static SDVariable entries(SDVariable b, long from, long to) {
        return b.get(SDIndex.interval(from, to));
    }

    /** Rows [b*T, d] to heads [b*h, T, dk]. */
    static SDVariable splitHeads(SameDiff sd, SDVariable rows, Dims dims, int heads, long dk) {
        SDVariable x = sd.reshape(rows, sd.concat(0, dims.b(), dims.t(), longs(sd, heads, dk)));   // [b, T, h, dk]
        return sd.reshape(x.permute(0, 2, 1, 3), sd.concat(0, longs(sd, -1), dims.t(), longs(sd, dk)));
    }

    /** Heads [b*h, T, dk] back to rows [b*T, h*dk]. */
    static SDVariable mergeHeads(SameDiff sd, SDVariable heads, Dims dims, int h, long dk) {
        SDVariable x = sd.reshape(heads, sd.concat(0, dims.b(), longs(sd, h), dims.t(), longs(sd, dk))); // [b, h, T, dk]
        return x.permute(0, 2, 1, 3).reshape(-1, h * dk);
    }

    /**
     * Scaled dot-product attention of all heads in one batched product.
     *
     * @param q     queries, heads [b*h, Tq, dk]
     * @param k     keys, heads [b*h, Tk, dk]
     * @param v     values, heads [b*h, Tk, dk]
     * @param bias  additive score bias broadcastable to [b, 1, Tq, Tk] (0 = visible, -1e9 = hidden), rank 3
     * @param drop  multiplier of the attention weights [b*h, Tq, Tk] (dropout mask) or null
     * @return the attended values [b*h, Tq, dk]
     */
    static SDVariable attention(SameDiff sd, SDVariable q, SDVariable k, SDVariable v, SDVariable bias,
                                Dims qDims, Dims kDims, int heads, long dk, SDVariable drop) {
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(dk));     // [b*h, Tq, Tk]
        SDVariable s4 = sd.reshape(scores, sd.concat(0, qDims.b(), longs(sd, heads), qDims.t(), kDims.t()));
        SDVariable p4 = sd.nn.softmax(s4.add(sd.expandDims(bias, 1)), 3);                     // [b, h, Tq, Tk]
        SDVariable p = sd.reshape(p4, sd.concat(0, longs(sd, -1), qDims.t(), kDims.t()));    // [b*h, Tq, Tk]
        if (drop != null) {
            p = p.mul(drop);
        }
        return sd.mmul(p, v, false, false, false);
    }

    /**
     * The score bias [b, T, T] of self-attention: keys outside the band [t - lower, t + upper] around the query t
     * (lower or upper -1 = unbounded) and, with {@code useKeyMask}, padded keys get -1e9. Positions come from a
     * cumulative sum over the mask (no band op: M2's matrix_band_part refuses a length of 1).
     *
     * @param mask [b, T], 1 = token, 0 = padding
     */
    static SDVariable selfBias(SameDiff sd, SDVariable mask, int lower, int upper, boolean useKeyMask) {
        DataType type = mask.dataType();
        SDVariable pos = sd.cumsum(mask.mul(0.0).add(1.0), true, false, 1);                   // [b, T]: 0, 1, ...
        SDVariable ones = mask.mul(0.0).add(1.0);
        SDVariable i = sd.mmul(sd.expandDims(pos, 2), sd.expandDims(ones, 1), false, false, false);   // [b, T, T]: i
        SDVariable diff = sd.mmul(sd.expandDims(mask.mul(0.0).add(1.0), 2),
                sd.expandDims(sd.cumsum(mask.mul(0.0).add(1.0), true, false, 1), 1), false, false, false)
                .sub(i);                                                                       // key j - query i
        SDVariable allowed = diff.mul(0.0).add(1.0);
        if (upper >= 0) {
            allowed = allowed.mul(diff.lt(upper + 0.5).castTo(type));
        }
        if (lower >= 0) {
            allowed = allowed.mul(diff.gt(-lower - 0.5).castTo(type));
        }
        if (useKeyMask) {
            // a padded query whose whole window is padding still sees itself: a row hidden entirely would sit at
            // -1e9 + score, where double precision keeps only about 1e-7 of the scores
            allowed = allowed.mul(sd.expandDims(mask, 1)).add(diff.eq(0.0).castTo(type));
        }
        return hiddenToBias(allowed, type);
    }

    /**
     * 0 where {@code allowed} is 1, -1e9 where it is 0. The comparison yields booleans, so the whole mask computation
     * is off the floating-point path to the loss and autodiff leaves it alone.
     */
    static SDVariable hiddenToBias(SDVariable allowed, DataType type) {
        return allowed.lt(0.5).castTo(type).mul(MASKED_SCORE);
    }

    /** The score bias [b, 1, Tk] hiding padded keys. */
    static SDVariable keyBias(SameDiff sd, SDVariable keyMask) {
        return hiddenToBias(sd.expandDims(keyMask, 1), keyMask.dataType());
    }

    /** The position-wise feed-forward network on rows [N, d]: {@code act(x W1 + b1) W2 + b2}. */
    static SDVariable feedForward(SameDiff sd, SDVariable x, Map<String, SDVariable> p, boolean gelu) {
        SDVariable h = linear(x, p.get("W1"), p.get("b1"));
        h = gelu ? sd.nn.gelu(h) : sd.nn.relu(h, 0.0);
        return linear(h, p.get("W2"), p.get("b2"));
    }

    /** {@code x * drop}, or x when there is no dropout site. */
    static SDVariable dropout(SDVariable x, SDVariable drop) {
        return drop == null ? x : x.mul(drop);
    }
}
