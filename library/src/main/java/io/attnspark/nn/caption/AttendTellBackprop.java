package io.attnspark.nn.caption;

import io.attnspark.decode.Gemm;
import io.attnspark.nn.AttentionMode;
import io.attnspark.nn.SpecialTokens;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.attnspark.nn.caption.CaptionDecoderParams.*;

/**
 * The decoder's training loss and its exact gradient by back-propagation through time, written out by hand:
 *
 * <pre>
 * loss = -sum_{b,t} mask_bt log p(y_bt) + lambda sum_b sum_i (1 - sum_t mask_bt alpha_bti)^2
 * </pre>
 *
 * (the cross-entropy of the caption, EOS included, plus the doubly stochastic attention regulariser).
 *
 * <p>With hard attention ({@link AttentionMode}) a training pass samples one grid position per word (or, with
 * the soft probability, uses the expected context), the loss subtracts lambda_e sum_{b,t} mask_bt H(alpha_bt), and
 * the attention scores also receive the REINFORCE term lambda_r A_b (onehot(s_bt) - alpha_bt) per word, where A_b is
 * the caption's negative log-likelihood minus the mean of the other images' ({@link #advantages}): that term is
 * an estimate of the gradient of the expected loss over the sampled positions, not the gradient of the loss
 * returned, so the gradient of everything else is exact and the attention's is the estimate. Passes without
 * gradients (the validation loss) and decoding use the most attended position. Written out
 * because M2's SameDiff autodiff gets this unrolled graph wrong: it returned no gradient for the input and zero
 * for the attention weights even on one step. The double-precision gradient checks of the whole captioner cover
 * this class.
 */
final class AttendTellBackprop {
    private final AttendTellCell cell;
    private final ShowAttendTellDecoder conf;

    /** Keeps log(alpha) finite where a weight underflows to 0. */
    private static final double TINY = 1e-20;

    /**
     * @param loss          the summed loss of the minibatch
     * @param gradients     d loss / d parameter, by parameter name (null when not asked for)
     * @param inputGrad     d loss / d grid [b, C, H', W'] (null when not asked for)
     * @param exampleNll    the negative log-likelihood of each caption [b]
     * @param sampleLogProb sum over the words of log alpha at the sampled positions, per caption [b] (0 unless
     *                      positions were sampled)
     */
    record Result(double loss, Map<String, INDArray> gradients, INDArray inputGrad, double[] exampleNll,
                  double[] sampleLogProb) {
    }

    /** Intermediates of a hard-attention training step that its backward pass needs. */
    private record HardStep(INDArray logAlpha, INDArray entropy) {
    }

    AttendTellBackprop(Map<String, INDArray> params, ShowAttendTellDecoder conf) {
        this.conf = conf;
        this.cell = new AttendTellCell(params, conf.getFeatureSize(), conf.getGridPositions(), conf.getAttentionSize());
    }

    /**
     * A pass as training (with gradients) or validation (without) makes it: soft attention; or hard attention,
     * sampled in training (expected with the soft probability) and the most attended position without gradients.
     *
     * @param grid   encoder output [b, C, H', W']
     * @param labels [b, steps]: caption ids, EOS, then PAD (0), as numbers
     * @param random draws the soft-or-sampled choice and the positions of hard attention
     */
    Result run(INDArray grid, INDArray labels, boolean gradients, Random random) {
        AttendTellCell.Focus focus = AttendTellCell.Focus.SOFT;
        if (conf.isHardAttention()) {
            focus = !gradients ? AttendTellCell.Focus.ARGMAX
                    : random.nextDouble() < conf.getSoftProbability() ? AttendTellCell.Focus.SOFT
                    : AttendTellCell.Focus.SAMPLE;
        }
        return run(grid, labels, gradients, focus, random);
    }

    /** A pass with the context formed as {@code focus} says (hard-attention terms whenever the model is hard). */
    Result run(INDArray grid, INDArray labels, boolean gradients, AttendTellCell.Focus focus, Random random) {
        int steps = conf.getSteps();
        int b = (int) grid.size(0);
        if (labels.rank() != 2 || labels.size(0) != b || labels.size(1) != steps) {
            throw new IllegalArgumentException("caption labels must be [" + b + ", " + steps + "], got "
                    + java.util.Arrays.toString(labels.shape()));
        }
        int[][] ids = labels.toIntMatrix();
        AttendTellCell.Start start = cell.start(grid);
        List<AttendTellCell.Step> cache = new ArrayList<>(steps);
        List<INDArray> masks = new ArrayList<>(steps);
        List<int[]> targets = new ArrayList<>(steps);
        List<int[]> previous = new ArrayList<>(steps);
        INDArray h = start.h0();
        INDArray c = start.c0();
        double nll = 0;
        double[] exampleNll = new double[b];
        double[] sampleLogProb = new double[b];
        boolean hardTraining = conf.isHardAttention() && focus != AttendTellCell.Focus.ARGMAX;
        double entropy = 0;
        List<HardStep> hard = new ArrayList<>(steps);
        INDArray alphaSum = Nd4j.zeros(grid.dataType(), b, conf.getGridPositions());
        for (int t = 0; t < steps; t++) {
            int[] prev = new int[b];
            int vocab = conf.getVocabSize();
            double[] maskData = new double[b];
            int[] target = new int[b];     // the word to predict, -1 past the caption's end
            for (int i = 0; i < b; i++) {
                prev[i] = t == 0 ? SpecialTokens.BOS : ids[i][t - 1];
                target[i] = -1;
                if (ids[i][t] != SpecialTokens.PAD) {
                    if (ids[i][t] < 0 || ids[i][t] >= vocab) {
                        throw new IllegalArgumentException("caption word id " + ids[i][t] + " at row " + i + ", step "
                                + t + " is outside the vocabulary of " + vocab);
                    }
                    maskData[i] = 1.0;
                    target[i] = ids[i][t];
                }
            }
            INDArray mask = Nd4j.create(maskData, new long[]{b, 1}, grid.dataType());
            AttendTellCell.Step st = cell.step(start.ann(), start.projected(), h, c, prev, focus, random);
            INDArray logProbs = st.logProbs();
            for (int i = 0; i < b; i++) {
                if (target[i] >= 0) {
                    double logP = logProbs.getDouble(i, target[i]);
                    exampleNll[i] -= logP;
                    nll -= logP;
                }
            }
            if (hardTraining) {
                INDArray logAlpha = org.nd4j.linalg.ops.transforms.Transforms.log(st.alpha().add(TINY), false);
                INDArray rowEntropy = st.alpha().mul(logAlpha).sum(true, 1).negi();            // [b, 1]
                entropy += rowEntropy.mul(mask).sumNumber().doubleValue();
                if (focus == AttendTellCell.Focus.SAMPLE) {
                    double[] picked = logAlpha.mul(st.focus()).sum(1).toDoubleVector();
                    for (int i = 0; i < b; i++) {
                        sampleLogProb[i] += maskData[i] * picked[i];
                    }
                }
                hard.add(new HardStep(logAlpha, rowEntropy));
            }
            alphaSum.addi(st.alpha().mulColumnVector(mask));
            cache.add(st);
            masks.add(mask);
            targets.add(target);
            previous.add(prev);
            h = st.h();
            c = st.c();
        }
        double lambda = conf.getDoublyStochastic();
        INDArray gap = alphaSum.rsub(1.0);                                                     // [b, L]
        double loss = nll + lambda * gap.mul(gap).sumNumber().doubleValue();
        if (hardTraining) {
            loss -= conf.getEntropyWeight() * entropy;
        }
        if (!gradients) {
            return new Result(loss, null, null, exampleNll, sampleLogProb);
        }
        INDArray reinforce = focus == AttendTellCell.Focus.SAMPLE
                ? Nd4j.create(advantages(exampleNll), new long[]{b, 1}, grid.dataType()).muli(conf.getReinforceWeight())
                : null;
        Result r = backward(start, cache, masks, targets, previous, gap, loss, hard, reinforce);
        return new Result(r.loss(), r.gradients(), r.inputGrad(), exampleNll, sampleLogProb);
    }

    /**
     * The REINFORCE advantage of each caption: its negative log-likelihood minus the mean of the other captions'
     * (a leave-one-out baseline, so that the estimate stays unbiased); all 0 for a single caption.
     */
    static double[] advantages(double[] nll) {
        int n = nll.length;
        double[] out = new double[n];
        if (n < 2) {
            return out;
        }
        double sum = 0;
        for (double v : nll) {
            sum += v;
        }
        for (int i = 0; i < n; i++) {
            out[i] = nll[i] - (sum - nll[i]) / (n - 1);
        }
        return out;
    }

    /**
     * @param hard      per step, log alpha and the entropy rows (empty unless hard attention is trained)
     * @param reinforce lambda_r times the advantage of each caption [b, 1] when positions were sampled, else null
     */
    private Result backward(AttendTellCell.Start start, List<AttendTellCell.Step> cache, List<INDArray> masks,
                            List<int[]> targets, List<int[]> previous, INDArray gap, double loss,
                            List<HardStep> hard, INDArray reinforce) {
        Map<String, INDArray> p = cell.params();
        Map<String, INDArray> g = new LinkedHashMap<>();
        p.forEach((k, v) -> g.put(k, Nd4j.zerosLike(v)));
        int l = conf.getGridPositions();
        int a = conf.getAttentionSize();
        int e = conf.getEmbeddingSize();
        int cSize = conf.getFeatureSize();
        INDArray ann = start.ann();
        int b = (int) ann.size(0);
        INDArray dAnn = Nd4j.zerosLike(ann);                                                   // [b, L, C]
        INDArray dProj = Nd4j.zerosLike(start.projected());                                    // [b, L, A]
        INDArray dAlphaReg = gap.mul(-2.0 * conf.getDoublyStochastic());                       // [b, L]
        INDArray dh = Nd4j.zerosLike(start.h0());
        INDArray dc = Nd4j.zerosLike(start.c0());
        int hidden = cell.hidden();
        INDArray dGateInput = Nd4j.zerosLike(cell.gateInput());                              // [E + C, 4H]
        INDArray dGateRecurrent = Nd4j.zerosLike(cell.gateRecurrent());                      // [H, 4H]
        INDArray dGateBias = Nd4j.zeros(dh.dataType(), 1, (long) GATES.length * hidden);
        Map<Integer, double[]> dEmbedRows = new java.util.HashMap<>();
        for (int t = cache.size() - 1; t >= 0; t--) {
            AttendTellCell.Step s = cache.get(t);
            INDArray mask = masks.get(t);
            INDArray dLogits = org.nd4j.linalg.ops.transforms.Transforms.exp(s.logProbs(), true); // [b, V]
            int[] target = targets.get(t);
            for (int i = 0; i < b; i++) {
                if (target[i] >= 0) {
                    dLogits.putScalar(i, target[i], dLogits.getDouble(i, target[i]) - 1.0);
                }
            }
            dLogits.muliColumnVector(mask);
            g.get(W_OUT).addi(Gemm.transposedTimes(s.deep(), dLogits));
            g.get(B_OUT).addi(dLogits.sum(true, 0));
            INDArray dDeep = Gemm.timesTransposed(dLogits, p.get(W_OUT));                      // [b, E]
            INDArray dEmb = dDeep.dup();
            g.get(L_H).addi(Gemm.transposedTimes(s.h(), dDeep));
            g.get(L_Z).addi(Gemm.transposedTimes(s.z(), dDeep));
            INDArray dhT = Gemm.timesTransposed(dDeep, p.get(L_H)).addi(dh);                   // [b, H]
            INDArray dz = Gemm.timesTransposed(dDeep, p.get(L_Z));                             // [b, C]
            // LSTM
            INDArray dOut = dhT.mul(s.tanhC());
            INDArray dcT = dhT.mul(s.out()).muli(s.tanhC().mul(s.tanhC()).rsubi(1.0)).addi(dc);
            INDArray dIn = dcT.mul(s.cand());
            INDArray dCand = dcT.mul(s.in());
            INDArray dForget = dcT.mul(s.cPrev());
            dc = dcT.mul(s.forget());
            INDArray[] pre = {
                    dIn.muli(s.in().mul(s.in().rsub(1.0))),
                    dForget.muli(s.forget().mul(s.forget().rsub(1.0))),
                    dOut.muli(s.out().mul(s.out().rsub(1.0))),
                    dCand.muli(s.cand().mul(s.cand()).rsubi(1.0))};
            // all four gates at once through the cell's side-by-side weights
            INDArray dGates = Nd4j.hstack(pre);                                                // [b, 4H]
            dGateInput.addi(Gemm.transposedTimes(s.x(), dGates));
            dGateRecurrent.addi(Gemm.transposedTimes(s.hPrev(), dGates));
            dGateBias.addi(dGates.sum(true, 0));
            INDArray dx = Gemm.timesTransposed(dGates, cell.gateInput());                      // [b, E + C]
            INDArray dhPrev = Gemm.timesTransposed(dGates, cell.gateRecurrent());              // [b, H]
            dEmb.addi(dx.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, e)));
            dz.addi(dx.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(e, e + cSize)));
            // gate beta and context
            INDArray dBeta = dz.mul(s.ctx()).sum(true, 1);                                     // [b, 1]
            INDArray dCtx = dz.mulColumnVector(s.beta());                                      // [b, C]
            INDArray dBetaPre = dBeta.muli(s.beta().mul(s.beta().rsub(1.0)));
            g.get(W_BETA).addi(Gemm.transposedTimes(s.hPrev(), dBetaPre));
            g.get(B_BETA).addi(dBetaPre.sum(true, 0));
            dhPrev.addi(Gemm.timesTransposed(dBetaPre, p.get(W_BETA)));
            // ctx = sum_i f_i a_i: through alpha when the focus is alpha itself (soft), not through a sampled position
            boolean soft = s.focus() == s.alpha();
            INDArray dAlpha = soft ? ann.mul(dCtx.reshape(b, 1, cSize)).sum(2)                 // [b, L]
                    : Nd4j.zerosLike(s.alpha());
            dAnn.addi(s.focus().reshape(b, l, 1).mul(dCtx.reshape(b, 1, cSize)));
            dAlpha.addi(dAlphaReg.mulColumnVector(mask));
            // softmax
            INDArray dScores = s.alpha().mul(dAlpha.subColumnVector(s.alpha().mul(dAlpha).sum(true, 1)));
            if (!hard.isEmpty()) {
                // d(-lambda_e H)/d scores = lambda_e alpha (log alpha + H)
                HardStep hs = hard.get(t);
                dScores.addi(s.alpha().mul(hs.logAlpha().addColumnVector(hs.entropy()))
                        .muli(conf.getEntropyWeight()).muliColumnVector(mask));
            }
            if (reinforce != null) {
                // lambda_r A_b d log alpha_s / d scores = lambda_r A_b (onehot(s) - alpha)
                dScores.addi(s.focus().sub(s.alpha()).muliColumnVector(reinforce).muliColumnVector(mask));
            }
            INDArray actFlat = s.act().reshape((long) b * l, a);
            INDArray dsFlat = dScores.reshape((long) b * l, 1);
            g.get(V_ATT).addi(Gemm.transposedTimes(actFlat, dsFlat));
            INDArray dAct = Gemm.timesTransposed(dsFlat, p.get(V_ATT)).reshape(b, l, a);
            INDArray dPre = dAct.muli(s.act().mul(s.act()).rsubi(1.0));                       // [b, L, A]
            dProj.addi(dPre);
            INDArray dhA = dPre.sum(1);                                                        // [b, A]
            g.get(W_HID).addi(Gemm.transposedTimes(s.hPrev(), dhA));
            g.get(B_ATT).addi(dhA.sum(true, 0));
            dhPrev.addi(Gemm.timesTransposed(dhA, p.get(W_HID)));
            // embeddings of the previous words: summed per word over the minibatch and the steps, added once below
            int[] words = previous.get(t);
            double[][] rows = dEmb.toDoubleMatrix();
            for (int i = 0; i < b; i++) {
                double[] sum = dEmbedRows.computeIfAbsent(words[i], w -> new double[e]);
                for (int j = 0; j < e; j++) {
                    sum[j] += rows[i][j];
                }
            }
            dh = dhPrev;
        }
        INDArray dEmbed = g.get(EMBED);
        for (Map.Entry<Integer, double[]> row : dEmbedRows.entrySet()) {
            INDArray target = dEmbed.getRow(row.getKey());
            target.addi(Nd4j.create(row.getValue(), target.shape(), target.dataType()));
        }
        for (int k = 0; k < GATES.length; k++) {
            org.nd4j.linalg.indexing.INDArrayIndex[] columns = {NDArrayIndex.all(),
                    NDArrayIndex.interval((long) k * hidden, (long) (k + 1) * hidden)};
            g.get(wx(GATES[k])).addi(dGateInput.get(columns));
            g.get(wr(GATES[k])).addi(dGateRecurrent.get(columns));
            g.get(bias(GATES[k])).addi(dGateBias.get(columns).reshape(g.get(bias(GATES[k])).shape()));
        }
        // encoder side: projections, initial state, mean
        g.get(W_FEAT).addi(Gemm.transposedTimes(ann.reshape((long) b * l, cSize), dProj.reshape((long) b * l, a)));
        dAnn.addi(Gemm.timesTransposed(dProj.reshape((long) b * l, a), p.get(W_FEAT)).reshape(b, l, cSize));
        INDArray dH0 = dh.muli(start.h0().mul(start.h0()).rsubi(1.0));
        INDArray dC0 = dc.muli(start.c0().mul(start.c0()).rsubi(1.0));
        g.get(W_H0).addi(Gemm.transposedTimes(start.mean(), dH0));
        g.get(B_H0).addi(dH0.sum(true, 0));
        g.get(W_C0).addi(Gemm.transposedTimes(start.mean(), dC0));
        g.get(B_C0).addi(dC0.sum(true, 0));
        INDArray dMean = Gemm.timesTransposed(dH0, p.get(W_H0)).addi(Gemm.timesTransposed(dC0, p.get(W_C0))).divi(l);
        dAnn.addi(dMean.reshape(b, 1, cSize));
        INDArray dGrid = dAnn.permute(0, 2, 1).dup('c').reshape(b, cSize, l);                 // [b, C, L]
        return new Result(loss, g, dGrid, null, null);
    }
}
