package io.attnspark.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The runtime vertex of {@link HardAttentionVertex} (see {@link HandWrittenVertexRuntime}): forward and backward
 * passes written in ND4J ops, the attention of each target step by {@link FeedingAttention}.
 */
final class HardAttentionRuntime extends HandWrittenVertexRuntime<HardAttentionRuntime.Forward> {
    /** Floor of the attention probabilities before a log or a division. */
    static final double TINY = 1e-30;

    /** How a pass forms the contexts. */
    enum Focus {
        /** The attention-weighted mean (a training minibatch drawn soft). */
        SOFT,
        /** One position per step, sampled from the attention (training). */
        SAMPLE,
        /** The most attended position (inference). */
        ARGMAX
    }

    /**
     * One forward pass: the focus, the attention of every step, the weights the contexts were formed with (one-hot
     * rows for SAMPLE and ARGMAX, the attention weights for SOFT), [context; h] rows [B * T, C + n] (row i T + t),
     * the attentional vectors before the mask [B * T, A], and the target mask rows [B * T, 1].
     */
    record Forward(Focus focus, FeedingAttention attention, List<FeedingAttention.Step> steps, List<INDArray> weights,
                   INDArray both, INDArray att, INDArray maskRows, INDArray targetMask, INDArray output) {
    }

    HardAttentionRuntime(HardAttentionVertex config, ComputationGraph graph, String name, int vertexIndex,
                         INDArray paramsView, boolean initParams, DataType dataType) {
        super(config, graph, name, vertexIndex, paramsView, initParams, dataType);
    }

    private HardAttentionVertex conf() {
        return (HardAttentionVertex) config;
    }

    @Override
    protected INDArray output(Forward f) {
        return f.output();
    }

    /**
     * The generator of a training pass: seeded by the graph's seed, iteration and epoch counts (and this vertex's
     * index), so that a pass is reproducible and every pass of one iteration draws alike.
     */
    private SplittableRandom draws() {
        var c = graph.getConfiguration();
        long seed = c.getDefaultConfiguration().getSeed();
        long mix = seed * 0x9E3779B97F4A7C15L + c.getIterationCount() * 0xBF58476D1CE4E5B9L
                + c.getEpochCount() * 0x94D049BB133111EBL + getVertexIndex();
        return new SplittableRandom(mix);
    }

    @Override
    protected Forward forward(boolean training) {
        SplittableRandom random = training ? draws() : null;
        Focus focus = !training ? Focus.ARGMAX
                : random.nextDouble() < conf().getSoftProbability() ? Focus.SOFT : Focus.SAMPLE;
        return forward(focus, random);
    }

    /** A pass with the contexts formed as {@code focus} says ({@code random} draws the positions of SAMPLE). */
    Forward forward(Focus focus, SplittableRandom random) {
        INDArray dec = inputs[0];
        INDArray enc = inputs[1];
        long b = dec.size(0);
        long n = dec.size(1);
        long t = dec.size(2);
        long c = enc.size(1);
        long s = enc.size(2);
        INDArray targetMask = mask(0);
        FeedingAttention attention = new FeedingAttention(conf().getScore(), conf().getWindow(), paramTable, enc,
                mask(1), n);
        INDArray hs = dec.permute(0, 2, 1).dup('c');                                  // [B, T, n]
        INDArray ctx = Nd4j.zeros(dec.dataType(), b, t, c);
        List<FeedingAttention.Step> steps = new ArrayList<>((int) t);
        List<INDArray> weights = new ArrayList<>((int) t);
        for (int k = 0; k < t; k++) {
            INDArray h = hs.get(NDArrayIndex.all(), NDArrayIndex.point(k), NDArrayIndex.all()).dup('c');   // [B, n]
            FeedingAttention.Step st = attention.forward(h);
            INDArray w = focus == Focus.SOFT ? st.alpha() : oneHot(st.alpha(), focus == Focus.SAMPLE ? random : null);
            ctx.get(NDArrayIndex.all(), NDArrayIndex.point(k), NDArrayIndex.all())
                    .assign(focus == Focus.SOFT ? st.ctx() : attention.context(w));
            steps.add(st);
            weights.add(w);
        }
        INDArray both = Nd4j.concat(2, ctx, hs).reshape('c', b * t, c + n);
        INDArray att = Transforms.tanh(both.mmul(paramTable.get(GlobalAttentionVertex.PARAM_WC))
                .addiRowVector(paramTable.get(GlobalAttentionVertex.PARAM_BC)), false);        // [B * T, A]
        INDArray maskRows = targetMask == null ? null
                : targetMask.castTo(dec.dataType()).dup('c').reshape('c', b * t, 1);
        INDArray masked = maskRows == null ? att : att.mulColumnVector(maskRows);
        INDArray output = masked.reshape('c', b, t, att.size(1)).permute(0, 2, 1).dup('c');   // [B, A, T]
        return new Forward(focus, attention, steps, weights, both, att, maskRows, targetMask, output);
    }

    /**
     * One-hot rows [B, S]: a position drawn from each row of {@code alpha} (normalised) when {@code random} is given,
     * else the most attended position (the first of equal maxima). Every row draws, padded or not.
     */
    static INDArray oneHot(INDArray alpha, SplittableRandom random) {
        double[][] a = alpha.toDoubleMatrix();
        INDArray out = Nd4j.zeros(alpha.dataType(), alpha.size(0), alpha.size(1));
        for (int i = 0; i < a.length; i++) {
            out.putScalar(i, random == null ? argmax(a[i]) : sample(a[i], random.nextDouble()), 1.0);
        }
        return out;
    }

    private static int argmax(double[] w) {
        int best = 0;
        for (int j = 1; j < w.length; j++) {
            if (w[j] > w[best]) {
                best = j;
            }
        }
        return best;
    }

    /** The position whose cumulative weight first exceeds {@code u} times the total (u in [0, 1)). */
    static int sample(double[] w, double u) {
        double total = 0;
        for (double v : w) {
            total += v;
        }
        double target = u * total;
        double sum = 0;
        int last = 0;
        for (int j = 0; j < w.length; j++) {
            if (w[j] > 0) {
                sum += w[j];
                last = j;
                if (sum > target) {
                    return j;
                }
            }
        }
        return last;
    }

    @Override
    protected INDArray[] backward(Forward f, INDArray epsilon, Map<String, INDArray> grads) {
        return backward(f, epsilon, grads, f.focus() == Focus.SAMPLE ? advantages(f) : null);
    }

    /** A backward pass without a kept forward pass draws as the training pass of this iteration did. */
    @Override
    protected boolean recomputesAsTraining() {
        return true;
    }

    /**
     * The REINFORCE advantages {@code r_t - b_t} [B, T] of a sampled pass: each token's log-likelihood under the
     * output layer's last backward pass minus the mean of the minibatch's other unmasked tokens' (0 at padded steps,
     * all 0 with fewer than two tokens); null when lambda_r = 0.
     */
    private INDArray advantages(Forward f) {
        if (conf().getReinforceWeight() == 0) {
            return null;
        }
        Layer out = graph.getNumOutputArrays() == 1 ? graph.getOutputLayer(0) : null;
        INDArray rewards = out instanceof ScoreReusingOutputLayerImpl s ? s.labelLogLikelihoods() : null;
        long b = inputs[0].size(0);
        long t = inputs[0].size(2);
        if (rewards == null || rewards.size(0) != b || rewards.size(1) != t) {
            throw new IllegalStateException("hard attention with reinforce-weight > 0 needs the graph's single output"
                    + " layer to be a ScoreReusingOutputLayer that has back-propagated this minibatch, got " + out);
        }
        INDArray mask = f.targetMask() == null ? null : f.targetMask().castTo(DataType.DOUBLE);
        return advantages(rewards.castTo(DataType.DOUBLE).toDoubleMatrix(),
                mask == null ? null : mask.toDoubleMatrix(), inputs[0].dataType());
    }

    /** {@code r - (sum of the other unmasked r) / (count - 1)} at unmasked steps, 0 elsewhere; [B, T]. */
    static INDArray advantages(double[][] rewards, double[][] mask, DataType type) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < rewards.length; i++) {
            for (int k = 0; k < rewards[i].length; k++) {
                if (mask == null || mask[i][k] != 0) {
                    sum += rewards[i][k];
                    count++;
                }
            }
        }
        double[][] out = new double[rewards.length][rewards.length == 0 ? 0 : rewards[0].length];
        if (count >= 2) {
            for (int i = 0; i < rewards.length; i++) {
                for (int k = 0; k < rewards[i].length; k++) {
                    if (mask == null || mask[i][k] != 0) {
                        out[i][k] = rewards[i][k] - (sum - rewards[i][k]) / (count - 1);
                    }
                }
            }
        }
        return Nd4j.createFromArray(out).castTo(type);
    }

    /**
     * Back-propagates {@code epsilon} [B, A, T] through pass {@code f}, with the hard-attention terms of a training
     * pass (entropy always, REINFORCE with {@code advantages} [B, T] when positions were sampled).
     *
     * @param grads receives dL/d every parameter, by name (new arrays)
     * @return gradients w.r.t. the decoder states [B, n, T] and the encoder states [B, C, S]
     */
    INDArray[] backward(Forward f, INDArray epsilon, Map<String, INDArray> grads, INDArray advantages) {
        paramTable.forEach((k, v) -> grads.put(k, Nd4j.zerosLike(v)));
        long b = epsilon.size(0);
        long a = epsilon.size(1);
        long t = epsilon.size(2);
        long c = inputs[1].size(1);
        long n = inputs[0].size(1);
        INDArray dOut = epsilon.permute(0, 2, 1).dup('c').reshape('c', b * t, a);
        if (f.maskRows() != null) {
            dOut.muliColumnVector(f.maskRows());
        }
        INDArray dPre = dOut.muli(f.att().mul(f.att()).rsubi(1.0));                     // tanh
        INDArray wc = paramTable.get(GlobalAttentionVertex.PARAM_WC);
        grads.get(GlobalAttentionVertex.PARAM_WC).assign(f.both().transpose().mmul(dPre));
        grads.get(GlobalAttentionVertex.PARAM_BC).assign(dPre.sum(true, 0));
        INDArray dBoth = dPre.mmul(wc.transpose()).reshape('c', b, t, c + n);
        INDArray dHs = dBoth.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(c, c + n)).dup('c');
        FeedingAttention attention = f.attention();
        boolean training = f.focus() != Focus.ARGMAX;
        for (int k = 0; k < t; k++) {
            INDArray dCtx = dBoth.get(NDArrayIndex.all(), NDArrayIndex.point(k), NDArrayIndex.interval(0, c))
                    .dup('c');                                                               // [B, C]
            FeedingAttention.Step st = f.steps().get(k);
            INDArray w = f.weights().get(k);
            attention.addStateGradient(w, dCtx);
            INDArray dAlpha = f.focus() == Focus.SOFT ? attention.weightGradient(dCtx)
                    : Nd4j.zeros(dCtx.dataType(), b, w.size(1));
            if (training) {
                INDArray m = f.targetMask() == null ? Nd4j.ones(dCtx.dataType(), b, 1)
                        : f.targetMask().castTo(dCtx.dataType()).get(NDArrayIndex.all(),
                        NDArrayIndex.interval(k, k + 1)).dup('c');                       // [B, 1]
                INDArray adv = advantages == null ? null
                        : advantages.get(NDArrayIndex.all(), NDArrayIndex.interval(k, k + 1)).dup('c');
                dAlpha.addi(hardTerms(st.alpha(), f.focus() == Focus.SAMPLE ? w : null, adv, m,
                        conf().getReinforceWeight(), conf().getEntropyWeight()));
            }
            INDArray dh = attention.backwardWeights(st, dAlpha, grads);
            dHs.get(NDArrayIndex.all(), NDArrayIndex.point(k), NDArrayIndex.all()).addi(dh);
        }
        INDArray dEnc = attention.finish(grads);
        return new INDArray[] {dHs.permute(0, 2, 1).dup('c'), dEnc};
    }

    /**
     * The gradient [B, S] with respect to the attention weights alpha (normalised, or for local-p the windowed
     * weights, pi = alpha / Z with Z the row sum) of the surrogate loss
     * {@code sum_rows mask [-lambdaR A log pi(s) - lambdaE H(pi)]}:
     * {@code mask [-lambdaR A (onehot / pi - 1) + lambdaE (log pi + H)] / Z}.
     *
     * @param chosen one-hot sampled positions [B, S], or null for no REINFORCE term
     * @param adv    advantages [B, 1] (null: no REINFORCE term)
     * @param mask   [B, 1], 0 at padded target steps
     */
    static INDArray hardTerms(INDArray alpha, INDArray chosen, INDArray adv, INDArray mask, double lambdaR,
                              double lambdaE) {
        INDArray z = alpha.sum(true, 1);                                                      // [B, 1]
        INDArray pi = alpha.divColumnVector(z);
        INDArray logPi = Transforms.log(pi.add(TINY), false);
        INDArray entropy = pi.mul(logPi).sum(true, 1).negi();                                 // [B, 1]
        INDArray d = logPi.addColumnVector(entropy).muli(lambdaE);
        if (chosen != null && adv != null && lambdaR != 0) {
            INDArray score = chosen.div(pi.add(TINY)).subi(1.0);                           // onehot / pi - 1
            d.addi(score.muliColumnVector(adv).muli(-lambdaR));
        }
        return d.muliColumnVector(mask).diviColumnVector(z);
    }
}
