package io.attnspark.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

import static io.attnspark.nn.GlobalAttentionVertex.PARAM_V;
import static io.attnspark.nn.GlobalAttentionVertex.PARAM_VP;
import static io.attnspark.nn.GlobalAttentionVertex.PARAM_W1;
import static io.attnspark.nn.GlobalAttentionVertex.PARAM_W2;
import static io.attnspark.nn.GlobalAttentionVertex.PARAM_WA;
import static io.attnspark.nn.GlobalAttentionVertex.PARAM_WP;

/**
 * One decoder step of Luong attention for {@link InputFeedingDecoderVertex}, forward and backward in ND4J ops: the
 * equations of {@link AttentionGraph} (every score, the source mask, local-p) for one target position at a time,
 * with the parameters of {@link GlobalAttentionVertex}'s names.
 *
 * <p>The encoder side is laid out once per batch: states e [B, S, C] and the keys the decoder state h [B, n] is
 * compared with, [B, S, n] ({@code e W_a^T} for general, {@code e W_2} for additive, e itself for the dot scores).
 * Gradients to the states and keys accumulate over the steps in {@link #dStates} and {@link #dKeys};
 * {@link #finish} turns the keys' into parameter and state gradients.
 */
final class FeedingAttention {
    private final AttentionScore score;
    private final int window;
    private final Map<String, INDArray> p;
    private final long b;
    private final long s;
    private final long c;
    private final long n;
    /** Encoder states [B, S, C], c order. */
    private final INDArray states;
    /** [B, S, n]: what h is compared with (the states themselves for dot and scaled-dot). */
    private final INDArray keys;
    /** 0 for tokens, -1e9 for padding [B, S]. */
    private final INDArray maskBias;
    /** Local-p: last source position (length - 1) of each row [B, 1]; null for global attention. */
    private final INDArray lastPosition;
    /** Gradient of the loss w.r.t. the states [B, S, C] (accumulated over the steps, then {@link #finish}). */
    final INDArray dStates;
    /** Gradient w.r.t. the keys [B, S, n] for general and additive scores; null otherwise. */
    private final INDArray dKeys;

    /**
     * One step's intermediates, [B, ...]. {@code alpha0} is the softmax, {@code alpha = alpha0 * gauss} the weights
     * of the context (the same array without a local window). Local-p only (else null): {@code q = tanh(h W_p)},
     * {@code gate = sigmoid(q v_p)}, {@code distance = s - p_t} [B, S], the window's edges {@code right} and
     * {@code left} and {@code gauss}. Additive only: {@code act = tanh(keys + h W_1)} [B, S, n].
     */
    record Step(INDArray h, INDArray alpha0, INDArray alpha, INDArray act, INDArray q, INDArray gate,
                INDArray distance, INDArray right, INDArray left, INDArray gauss, INDArray ctx) {
    }

    /**
     * @param enc     encoder states [B, C, S] (the vertex input)
     * @param srcMask source mask [B, S] (1 = token, 0 = padding), null for none
     * @param n       decoder state size
     */
    FeedingAttention(AttentionScore score, int window, Map<String, INDArray> params, INDArray enc, INDArray srcMask,
                     long n) {
        this.score = score;
        this.window = window;
        this.p = params;
        this.b = enc.size(0);
        this.c = enc.size(1);
        this.s = enc.size(2);
        this.n = n;
        this.states = enc.permute(0, 2, 1).dup('c');                                   // [B, S, C]
        INDArray flat = states.reshape('c', b * s, c);
        this.keys = switch (score) {
            case DOT, SCALED_DOT -> states;
            case GENERAL -> flat.mmul(p.get(PARAM_WA).transpose()).reshape('c', b, s, n);
            case ADDITIVE -> flat.mmul(p.get(PARAM_W2)).reshape('c', b, s, n);
        };
        INDArray mask = srcMask == null ? Nd4j.ones(enc.dataType(), b, s) : srcMask.castTo(enc.dataType());
        this.maskBias = mask.sub(1.0).muli(-AttentionGraph.MASKED_SCORE);
        this.lastPosition = window > 0 ? mask.sum(true, 1).subi(1.0) : null;
        this.dStates = Nd4j.zeros(enc.dataType(), b, s, c);
        this.dKeys = keys == states ? null : Nd4j.zeros(enc.dataType(), b, s, n);
    }

    /** The attention of decoder states h [B, n]: weights and context [B, C]. */
    Step forward(INDArray h) {
        INDArray act = null;
        INDArray scores;                                                             // [B, S]
        if (score == AttentionScore.ADDITIVE) {
            act = Transforms.tanh(keys.add(h.mmul(p.get(PARAM_W1)).reshape('c', b, 1, n)), false);
            scores = act.reshape('c', b * s, n).mmul(p.get(PARAM_V)).reshape('c', b, s);
        } else {
            scores = Nd4j.matmul(keys, h.reshape('c', b, n, 1)).reshape('c', b, s).muli(scale());
        }
        scores.addi(maskBias);
        INDArray q = null;
        INDArray gate = null;
        INDArray distance = null;
        INDArray right = null;
        INDArray left = null;
        INDArray gauss = null;
        if (window > 0) {
            q = Transforms.tanh(h.mmul(p.get(PARAM_WP)), false);                      // [B, n]
            gate = Transforms.sigmoid(q.mmul(p.get(PARAM_VP)), false);                 // [B, 1]
            INDArray pt = gate.mul(lastPosition);
            distance = Nd4j.arange(0, s).castTo(h.dataType()).reshape(1, s).repeat(0, b).subiColumnVector(pt);
            double k = AttentionGraph.WINDOW_STEEPNESS;
            double half = window + 0.5;
            right = Transforms.sigmoid(distance.rsub(half).muli(k), false);
            left = Transforms.sigmoid(distance.add(half).muli(k), false);
            scores.addi(Transforms.log(right.mul(left).addi(AttentionGraph.WINDOW_FLOOR), false));
        }
        INDArray alpha0 = Transforms.softmax(scores, false);
        INDArray alpha = alpha0;
        if (window > 0) {
            double sigma = window / 2.0;
            gauss = Transforms.exp(distance.mul(distance).muli(-1.0 / (2 * sigma * sigma)), false);
            alpha = alpha0.mul(gauss);
        }
        INDArray ctx = context(alpha);
        return new Step(h, alpha0, alpha, act, q, gate, distance, right, left, gauss, ctx);
    }

    /**
     * Back-propagates the gradient {@code dCtx} [B, C] of one step's context: adds the parameter gradients to
     * {@code grads} and the state and key gradients to {@link #dStates} / {@link #dKeys}.
     *
     * @return the gradient w.r.t. the step's decoder state h [B, n]
     */
    INDArray backward(Step st, INDArray dCtx, Map<String, INDArray> grads) {
        INDArray dAlpha = weightGradient(dCtx);                                                  // [B, S]
        addStateGradient(st.alpha(), dCtx);
        return backwardWeights(st, dAlpha, grads);
    }

    /** The context {@code sum_s weights_s e_s} [B, C] of weights [B, S] (a one-hot row picks one encoder state). */
    INDArray context(INDArray weights) {
        return Nd4j.matmul(weights.reshape('c', b, 1, s), states).reshape('c', b, c);
    }

    /** The gradient [B, S] of a context's weights, given the gradient {@code dCtx} [B, C] of the context. */
    INDArray weightGradient(INDArray dCtx) {
        return Nd4j.matmul(states, dCtx.reshape('c', b, c, 1)).reshape('c', b, s);
    }

    /** Adds the gradient of a context {@code sum_s weights_s e_s} with fixed weights [B, S] to {@link #dStates}. */
    void addStateGradient(INDArray weights, INDArray dCtx) {
        dStates.addi(weights.reshape('c', b, s, 1).mul(dCtx.reshape('c', b, 1, c)));
    }

    /**
     * Back-propagates the gradient {@code dAlpha} [B, S] of one step's weights {@code alpha} (the step's
     * {@link Step#alpha()}) through the scores, as {@link #backward} does for the context's share.
     *
     * @return the gradient w.r.t. the step's decoder state h [B, n]
     */
    INDArray backwardWeights(Step st, INDArray dAlpha, Map<String, INDArray> grads) {
        INDArray dh = Nd4j.zeros(dAlpha.dataType(), b, n);
        INDArray dDistance = null;
        INDArray dAlpha0 = dAlpha;
        if (window > 0) {
            double sigma = window / 2.0;
            // alpha = alpha0 gauss, gauss = exp(-d^2 / (2 sigma^2))
            dDistance = dAlpha.mul(st.alpha()).muli(st.distance()).muli(-1.0 / (sigma * sigma));
            dAlpha0 = dAlpha.mul(st.gauss());
        }
        INDArray weighted = st.alpha0().mul(dAlpha0);
        INDArray dScores = dAlpha0.subColumnVector(weighted.sum(true, 1)).muli(st.alpha0());   // softmax
        if (window > 0) {
            // scores += log(right left + floor): d/dd = K right left (right - left) / (right left + floor)
            INDArray both = st.right().mul(st.left());
            dDistance.addi(dScores.mul(both).muli(st.right().sub(st.left()))
                    .divi(both.add(AttentionGraph.WINDOW_FLOOR)).muli(AttentionGraph.WINDOW_STEEPNESS));
            INDArray dGatePre = dDistance.sum(true, 1).negi().muli(lastPosition)
                    .muli(st.gate().rsub(1.0).muli(st.gate()));                              // [B, 1]
            grads.get(PARAM_VP).addi(st.q().transpose().mmul(dGatePre));
            INDArray dqPre = dGatePre.mmul(p.get(PARAM_VP).transpose()).muli(st.q().mul(st.q()).rsubi(1.0));
            grads.get(PARAM_WP).addi(st.h().transpose().mmul(dqPre));
            dh.addi(dqPre.mmul(p.get(PARAM_WP).transpose()));
        }
        if (score == AttentionScore.ADDITIVE) {
            INDArray actFlat = st.act().reshape('c', b * s, n);
            grads.get(PARAM_V).addi(actFlat.transpose().mmul(dScores.reshape('c', b * s, 1)));
            INDArray dPre = dScores.reshape('c', b, s, 1).mul(p.get(PARAM_V).reshape('c', 1, 1, n))
                    .muli(st.act().mul(st.act()).rsubi(1.0));                                 // [B, S, n]
            dKeys.addi(dPre);
            INDArray dW1h = dPre.sum(1);                                                       // [B, n]
            grads.get(PARAM_W1).addi(st.h().transpose().mmul(dW1h));
            dh.addi(dW1h.mmul(p.get(PARAM_W1).transpose()));
        } else {
            double scale = scale();
            dh.addi(Nd4j.matmul(dScores.reshape('c', b, 1, s), keys).reshape('c', b, n).muli(scale));
            INDArray dk = dScores.reshape('c', b, s, 1).mul(st.h().reshape('c', b, 1, n)).muli(scale);
            (dKeys == null ? dStates : dKeys).addi(dk);
        }
        return dh;
    }

    /**
     * After the last {@link #backward}: the key projection's parameter gradient into {@code grads} and its share of
     * the state gradient into {@link #dStates}.
     *
     * @return the gradient w.r.t. the encoder states as the vertex received them, [B, C, S]
     */
    INDArray finish(Map<String, INDArray> grads) {
        if (dKeys != null) {
            INDArray flatStates = states.reshape('c', b * s, c);
            INDArray flatKeys = dKeys.reshape('c', b * s, n);
            INDArray flatD = dStates.reshape('c', b * s, c);
            if (score == AttentionScore.GENERAL) {                                 // keys = e W_a^T
                grads.get(PARAM_WA).addi(flatKeys.transpose().mmul(flatStates));
                flatD.addi(flatKeys.mmul(p.get(PARAM_WA)));
            } else {                                                                // keys = e W_2
                grads.get(PARAM_W2).addi(flatStates.transpose().mmul(flatKeys));
                flatD.addi(flatKeys.mmul(p.get(PARAM_W2).transpose()));
            }
            dStates.assign(flatD.reshape('c', b, s, c));
        }
        return dStates.permute(0, 2, 1).dup('c');
    }

    private double scale() {
        return score == AttentionScore.SCALED_DOT ? 1.0 / Math.sqrt(n) : 1.0;
    }
}
