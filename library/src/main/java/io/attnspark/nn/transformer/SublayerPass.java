package io.attnspark.nn.transformer;

import io.attnspark.decode.Gemm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELUDerivative;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The forward and backward passes of a Transformer sub-layer ({@link SelfAttentionVertex},
 * {@link CrossAttentionVertex}, {@link FeedForwardVertex}) written out in ND4J ops, computing what their SameDiff
 * definitions compute: {@code x + drop(f(LN(x)))} (pre-LN) or {@code LN(x + drop(f(x)))} (post-LN).
 *
 * <p>Why by hand: DL4J M2 runs a SameDiff vertex's backward pass as a gradient function that recomputes the whole
 * forward pass, op by op through SameDiff's session machinery. Here the training forward pass keeps what the
 * backward pass needs (projections, attention weights, dropout masks, pre-norm sums), the queries, keys and values
 * come out of one product with the fused weight, and every matrix product goes through {@link Gemm} or one batched
 * {@code matmul} for all heads. Activations are rows [b*T, d] (b-major) inside, [b, d, T] at the boundary.
 */
final class SublayerPass {
    private final SublayerVertex conf;
    private final Map<String, INDArray> p;

    /** What a forward pass keeps for its backward pass (fields unused by a kind stay null). */
    static final class Forward {
        /** Every array this pass allocated except its output and the input gradients, freed by {@link #release}. */
        final List<INDArray> owned = new ArrayList<>();
        long b;
        long t;
        long s;
        /** The input rows [b*T, d] and the sub-layer's input rows (LN(x) for pre-LN, else x itself). */
        INDArray xr;
        INDArray a;
        /** Attention: encoder rows [b*S, d] (cross only), q [b*h, T, dk], k and v [b*h, S, dk]. */
        INDArray enc;
        INDArray q;
        INDArray k;
        INDArray v;
        /** Attention weights [b*h, T, S] before and after dropout. */
        INDArray probs;
        INDArray dropped;
        INDArray attDrop;
        /** The heads merged back to rows [b*T, d]. */
        INDArray merged;
        /** Feed-forward: pre-activation and activation [b*T, ffn]. */
        INDArray hPre;
        INDArray hAct;
        INDArray resDrop;
        /** The layer norm's normalised rows and reciprocal standard deviations (of x for pre-LN, of the sum else). */
        Norm norm;
        INDArray output;

        <T extends INDArray> T own(T a) {
            owned.add(a);
            return a;
        }
    }

    /** A layer norm's {@code (x - mean) / sd} rows [N, d] and {@code 1 / sd} [N, 1]. */
    record Norm(INDArray xhat, INDArray rstd) {
    }

    SublayerPass(SublayerVertex conf, Map<String, INDArray> params) {
        this.conf = conf;
        this.p = params;
    }

    /**
     * @param x        the input [b, d, T]
     * @param enc      the encoder's output [b, d, S] (cross-attention), else null
     * @param mask     the input's mask [b, T] or null (all tokens)
     * @param encMask  the encoder's mask [b, S] or null
     * @param training whether to draw dropout masks
     */
    Forward forward(INDArray x, INDArray enc, INDArray mask, INDArray encMask, boolean training) {
        Forward f = new Forward();
        DataType type = x.dataType();
        long d = conf.getDModel();
        f.b = x.size(0);
        f.t = x.size(2);
        long n = f.b * f.t;
        f.xr = f.own(rows(x));
        if (conf.isPreNorm()) {
            f.norm = normalise(f.xr, f);
            f.a = f.own(scaled(f.norm));
        } else {
            f.a = f.xr;
        }
        INDArray out;
        if (conf instanceof FeedForwardVertex) {
            f.hPre = f.own(Gemm.times(f.a, p.get("W1")).addiRowVector(p.get("b1")));
            f.hAct = f.own(conf.isGelu() ? Nd4j.getExecutioner().exec(new GELU(f.hPre, f.hPre.ulike()))
                    : Transforms.relu(f.hPre, true));
            out = Gemm.times(f.hAct, p.get("W2")).addiRowVector(p.get("b2"));
        } else {
            int h = conf.getHeads();
            long dk = d / h;
            INDArray bias;
            if (conf instanceof CrossAttentionVertex) {
                f.enc = f.own(rows(enc));
                f.s = enc.size(2);
                INDArray q = f.own(Gemm.times(f.a, p.get("Wq")).addiRowVector(p.get("bq")));
                f.q = f.own(heads(q, 1, f.b, f.t, h, dk)).slice(0);
                INDArray kv = f.own(Gemm.times(f.enc, p.get("Wkv")).addiRowVector(p.get("bkv")));
                INDArray kvHeads = f.own(heads(kv, 2, f.b, f.s, h, dk));
                f.k = kvHeads.slice(0);
                f.v = kvHeads.slice(1);
                bias = keyBias(encMask, type);
            } else {
                f.s = f.t;
                INDArray qkv = f.own(Gemm.times(f.a, p.get("Wqkv")).addiRowVector(p.get("bqkv")));
                INDArray qkvHeads = f.own(heads(qkv, 3, f.b, f.t, h, dk));
                f.q = qkvHeads.slice(0);
                f.k = qkvHeads.slice(1);
                f.v = qkvHeads.slice(2);
                bias = selfBias((SelfAttentionVertex) conf, mask, f.b, f.t, type);
            }
            INDArray scores = f.own(Nd4j.matmul(f.q, f.k, false, true, false)).muli(1.0 / Math.sqrt(dk)); // [b*h, T, S]
            if (bias != null) {
                scores.reshape('c', f.b, h, f.t, f.s).addi(bias);
            }
            f.probs = f.own(scores.ulike());
            Nd4j.exec(new SoftMax(scores, f.probs, -1));
            f.attDrop = training ? f.own(dropMask(type, conf.getAttentionDropout(), f.b * h, f.t, f.s)) : null;
            f.dropped = f.attDrop == null ? f.probs : f.own(f.probs.mul(f.attDrop));
            INDArray att = f.own(Nd4j.matmul(f.dropped, f.v));                                     // [b*h, T, dk]
            f.merged = f.own(att.reshape('c', f.b, h, f.t, dk).permute(0, 2, 1, 3).dup('c')).reshape('c', n, d);
            out = Gemm.times(f.merged, p.get("Wo")).addiRowVector(p.get("bo"));
        }
        f.resDrop = training ? f.own(dropMask(type, conf.getDropout(), n, d)) : null;
        if (f.resDrop != null) {
            out.muli(f.resDrop);
        }
        INDArray sum = f.own(out.addi(f.xr));
        if (conf.isPreNorm()) {
            f.output = unrows(sum, f.b, f.t);
        } else {
            f.norm = normalise(sum, f);
            f.output = unrows(f.own(scaled(f.norm)), f.b, f.t);
        }
        return f;
    }

    /**
     * @param epsilon dL/d output [b, d, T]
     * @param grads   receives dL/d every parameter, by name
     * @return dL/d the inputs: {x} or {x, enc}
     */
    INDArray[] backward(Forward f, INDArray epsilon, Map<String, INDArray> grads) {
        long d = conf.getDModel();
        INDArray dy = f.own(rows(epsilon.castTo(f.xr.dataType())));
        INDArray dSum = conf.isPreNorm() ? dy : normBackward(f.norm, dy, grads, f);
        INDArray dx = dSum;        // the residual path; added to in place below, after dOut's last read
        INDArray dOut = f.resDrop == null ? dSum : f.own(dSum.mul(f.resDrop));
        INDArray da;
        INDArray dEnc = null;
        if (conf instanceof FeedForwardVertex) {
            grads.put("W2", Gemm.transposedTimes(f.hAct, dOut));
            grads.put("b2", columnSums(dOut, f));
            INDArray dh = f.own(Gemm.timesTransposed(dOut, p.get("W2")));
            if (conf.isGelu()) {
                dh.muli(f.own(Nd4j.getExecutioner().exec(new GELUDerivative(f.hPre, f.hPre.ulike()))));
            } else {
                dh.muli(f.own(f.own(f.hPre.gt(0.0)).castTo(dh.dataType())));
            }
            grads.put("W1", Gemm.transposedTimes(f.a, dh));
            grads.put("b1", columnSums(dh, f));
            da = f.own(Gemm.timesTransposed(dh, p.get("W1")));
        } else {
            int h = conf.getHeads();
            long dk = d / h;
            grads.put("Wo", Gemm.transposedTimes(f.merged, dOut));
            grads.put("bo", columnSums(dOut, f));
            INDArray dMerged = f.own(Gemm.timesTransposed(dOut, p.get("Wo")));
            INDArray dAtt = f.own(dMerged.reshape('c', f.b, f.t, h, dk).permute(0, 2, 1, 3).dup('c'))
                    .reshape('c', f.b * h, f.t, dk);
            INDArray dProbs = f.own(Nd4j.matmul(dAtt, f.v, false, true, false));  // [b*h, T, S]
            INDArray dV = f.own(Nd4j.matmul(f.dropped, dAtt, true, false, false)); // [b*h, S, dk]
            if (f.attDrop != null) {
                dProbs.muli(f.attDrop);
            }
            // softmax: dScores = p (dp - sum_j p_j dp_j), row by row, then the 1/sqrt(dk) of the scores
            INDArray p2 = f.probs.reshape('c', f.b * h * f.t, f.s);
            INDArray dp2 = dProbs.reshape('c', f.b * h * f.t, f.s);
            INDArray dot = f.own(f.own(dp2.mul(p2)).sum(true, 1));
            dp2.subiColumnVector(dot).muli(p2).muli(1.0 / Math.sqrt(dk));
            INDArray dQ = f.own(Nd4j.matmul(dProbs, f.k));                         // [b*h, T, dk]
            INDArray dK = f.own(Nd4j.matmul(dProbs, f.q, true, false, false));     // [b*h, S, dk]
            if (conf instanceof CrossAttentionVertex) {
                INDArray dq = unheads(new INDArray[] {dQ}, f.b, f.t, h, dk, f);
                grads.put("Wq", Gemm.transposedTimes(f.a, dq));
                grads.put("bq", columnSums(dq, f));
                da = f.own(Gemm.timesTransposed(dq, p.get("Wq")));
                INDArray dkv = unheads(new INDArray[] {dK, dV}, f.b, f.s, h, dk, f);
                grads.put("Wkv", Gemm.transposedTimes(f.enc, dkv));
                grads.put("bkv", columnSums(dkv, f));
                dEnc = unrows(f.own(Gemm.timesTransposed(dkv, p.get("Wkv"))), f.b, f.s);
            } else {
                INDArray dqkv = unheads(new INDArray[] {dQ, dK, dV}, f.b, f.t, h, dk, f);
                grads.put("Wqkv", Gemm.transposedTimes(f.a, dqkv));
                grads.put("bqkv", columnSums(dqkv, f));
                da = f.own(Gemm.timesTransposed(dqkv, p.get("Wqkv")));
            }
        }
        dx.addi(conf.isPreNorm() ? normBackward(f.norm, da, grads, f) : da);
        INDArray dIn = unrows(dx, f.b, f.t);                                     // dx is owned already
        return dEnc == null ? new INDArray[] {dIn} : new INDArray[] {dIn, dEnc};
    }

    /**
     * The sums over the rows of {@code x} [N, n], as [n]: one product with a row of ones, in place of libnd4j's
     * reduction along the first axis, which alone took 2% of a Transformer training step's samples.
     */
    private static INDArray columnSums(INDArray x, Forward f) {
        INDArray ones = f.own(Nd4j.ones(x.dataType(), 1, x.size(0)));
        return Gemm.times(ones, x).reshape(x.size(1));
    }

    /**
     * Frees what pass {@code f} allocated (its output and input gradients excepted) and the gradient arrays, once
     * nothing reads them: freed now, their memory is reused by the next step's arrays instead of waiting for the
     * garbage collector while new memory is mapped and zeroed for every step.
     */
    static void release(Forward f, Map<String, INDArray> grads) {
        for (INDArray a : f.owned) {
            close(a);
        }
        f.owned.clear();
        grads.values().forEach(SublayerPass::close);
    }

    private static void close(INDArray a) {
        if (a != null && !a.wasClosed() && a.closeable()) {
            a.close();
        }
    }

    /**
     * {@code (x - mean) / sd} over the last axis of rows [N, d], as libnd4j's {@code layer_norm} (biased variance,
     * no epsilon; a row of equal values normalises to 0).
     */
    private static Norm normalise(INDArray rows, Forward f) {
        INDArray xhat = f.own(rows.subColumnVector(f.own(rows.mean(true, 1))));
        INDArray rstd = f.own(f.own(xhat.mul(xhat)).mean(true, 1));
        Transforms.sqrt(rstd, false).rdivi(1.0);
        BooleanIndexing.replaceWhere(rstd, 0.0, Conditions.isInfinite());
        xhat.muliColumnVector(rstd);
        return new Norm(xhat, rstd);
    }

    /** The normalised rows times the gain plus the bias. */
    private INDArray scaled(Norm norm) {
        return norm.xhat().mulRowVector(p.get(TransformerOps.PARAM_LN_GAIN)).addiRowVector(p.get(TransformerOps.PARAM_LN_BIAS));
    }

    /** dL/d the norm's input rows, given dL/d its output; the gain's and bias's gradients into grads. */
    private INDArray normBackward(Norm norm, INDArray dOut, Map<String, INDArray> grads, Forward f) {
        INDArray xhat = norm.xhat();
        grads.put(TransformerOps.PARAM_LN_GAIN, columnSums(f.own(dOut.mul(xhat)), f));
        grads.put(TransformerOps.PARAM_LN_BIAS, columnSums(dOut, f));
        INDArray dXhat = f.own(dOut.mulRowVector(p.get(TransformerOps.PARAM_LN_GAIN)));
        INDArray meanD = f.own(dXhat.mean(true, 1));
        INDArray meanDX = f.own(f.own(dXhat.mul(xhat)).mean(true, 1));
        return dXhat.subiColumnVector(meanD).subi(f.own(xhat.mulColumnVector(meanDX))).muliColumnVector(norm.rstd());
    }

    /** [b, d, T] to rows [b*T, d] in c order. */
    static INDArray rows(INDArray x) {
        return x.permute(0, 2, 1).dup('c').reshape('c', x.size(0) * x.size(2), x.size(1));
    }

    /** Rows [b*T, d] to [b, d, T] in c order. */
    static INDArray unrows(INDArray rows, long b, long t) {
        return rows.reshape('c', b, t, rows.size(1)).permute(0, 2, 1).dup('c');
    }

    /** Projection rows [b*T, parts*h*dk] to [parts, b*h, T, dk]: slice i is part i (queries, keys, values) by head. */
    private static INDArray heads(INDArray rows, int parts, long b, long t, int h, long dk) {
        return rows.reshape('c', b, t, parts, h, dk).permute(2, 0, 3, 1, 4).dup('c').reshape('c', parts, b * h, t, dk);
    }

    /** The inverse of {@link #heads}: parts [b*h, T, dk] side by side as rows [b*T, parts*h*dk]. */
    private static INDArray unheads(INDArray[] parts, long b, long t, int h, long dk, Forward f) {
        INDArray all = f.own(Nd4j.createUninitialized(parts[0].dataType(), parts.length, b * h, t, dk));
        for (int i = 0; i < parts.length; i++) {
            all.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).assign(parts[i]);
        }
        return f.own(all.reshape('c', parts.length, b, h, t, dk).permute(1, 3, 0, 2, 4).dup('c'))
                .reshape('c', b * t, parts.length * h * dk);
    }

    /** An inverted dropout mask (Bernoulli(1 - rate) / (1 - rate)) of this shape, or null for rate 0. */
    private static INDArray dropMask(DataType type, double rate, long... shape) {
        if (rate <= 0) {
            return null;
        }
        double retain = 1.0 - rate;
        INDArray m = Nd4j.createUninitialized(type, shape);
        Nd4j.getExecutioner().exec(new BernoulliDistribution(m, retain));
        return m.divi(retain);
    }

    /** The score bias [b, 1, 1, S] hiding padded keys (0 visible, -1e9 hidden), or null without a mask. */
    private static INDArray keyBias(INDArray keyMask, DataType type) {
        if (keyMask == null) {
            return null;
        }
        return keyMask.castTo(type).lt(0.5).castTo(type).muli(TransformerOps.MASKED_SCORE)
                .reshape('c', keyMask.size(0), 1, 1, keyMask.size(1));
    }

    /**
     * The score bias of self-attention, as {@link TransformerOps#selfBias} and {@link TransformerOps#keyBias} define
     * it: causal (keys up to the query, and with a window only its {@code window} previous ones), [1, 1, T, T];
     * windowed (keys within +-window that are tokens, and the query itself), [b, 1, T, T]; else padded keys hidden.
     */
    private static INDArray selfBias(SelfAttentionVertex conf, INDArray mask, long b, long t, DataType type) {
        int window = conf.getWindow();
        if (conf.isCausal()) {
            double[] bias = new double[(int) (t * t)];
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    boolean visible = j <= i && (window <= 0 || j >= i - window);
                    bias[i * (int) t + j] = visible ? 0.0 : TransformerOps.MASKED_SCORE;
                }
            }
            return Nd4j.createFromArray(bias).castTo(type).reshape('c', 1, 1, t, t);
        }
        if (window <= 0) {
            return keyBias(mask, type);
        }
        double[][] m = mask == null ? null : mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] bias = new double[(int) (b * t * t)];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    boolean visible = j == i || (Math.abs(j - i) <= window && (m == null || m[r][j] >= 0.5));
                    bias[(int) ((r * t + i) * t + j)] = visible ? 0.0 : TransformerOps.MASKED_SCORE;
                }
            }
        }
        return Nd4j.createFromArray(bias).castTo(type).reshape('c', b, 1, t, t);
    }
}
