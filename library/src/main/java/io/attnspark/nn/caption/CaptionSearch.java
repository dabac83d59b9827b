package io.attnspark.nn.caption;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.nn.SpecialTokens;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Captions for images with a {@link CaptionStepDecoder}: greedy (a batch of images at once), beam search (one image
 * at a time, {@code beam} rows), and forced scores of given captions (for the validation loss).
 *
 * <p>A caption has at most {@code maxLength} words; then it is closed with EOS. Beam search keeps the k best live
 * hypotheses by log-probability; an EOS extension among the k best of a step finishes a hypothesis, scored
 * log P / lengthNorm(len) (GNMT, {@link DecodeConfig#lengthNorm}, len counting EOS); the search ends when k are
 * finished or no live hypothesis could beat the best finished one... (it stops at k finished). Every hypothesis
 * carries its attention rows: one [L] distribution over the grid per output word and for EOS.
 *
 * <p>Several models decode as an ensemble: every member encodes the image and keeps its own LSTM state, and each
 * step's word distribution is the mean of the members' probabilities (log (1/n) sum_m p_m, as fairseq averages its
 * ensembles); the attention rows are the members' mean. The members share one vocabulary and one grid.
 */
public final class CaptionSearch {
    private final List<CaptionStepDecoder> members;
    private final int maxLength;

    /** @param maxLength longest caption in words */
    public CaptionSearch(CaptionStepDecoder decoder, int maxLength) {
        this(List.of(decoder), maxLength);
    }

    /**
     * An ensemble of {@code members} (one member decodes exactly as alone).
     *
     * @param maxLength longest caption in words
     * @throws IllegalArgumentException no member, or members with different vocabularies or grids
     */
    public CaptionSearch(List<CaptionStepDecoder> members, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum caption length must be >= 1, got " + maxLength);
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a caption search needs at least one model");
        }
        ShowAttendTellDecoder first = members.get(0).config();
        for (int m = 1; m < members.size(); m++) {
            ShowAttendTellDecoder c = members.get(m).config();
            if (c.getVocabSize() != first.getVocabSize()) {
                throw new IllegalArgumentException("ensemble model " + (m + 1) + " has " + c.getVocabSize()
                        + " output words, model 1 has " + first.getVocabSize() + ": the models must share a vocabulary");
            }
            if (c.getGridPositions() != first.getGridPositions()) {
                throw new IllegalArgumentException("ensemble model " + (m + 1) + " attends over " + c.getGridPositions()
                        + " grid positions, model 1 over " + first.getGridPositions()
                        + ": the models must have the same grid");
            }
        }
        this.members = List.copyOf(members);
        this.maxLength = maxLength;
    }

    /** Number of models decoding together. */
    public int size() {
        return members.size();
    }

    /** Greedy captions of images [batch, 3, S, S], one hypothesis per image (score = logProb). */
    public List<Hypothesis> greedy(INDArray images) {
        List<CaptionStepDecoder.Encoded> enc = encode(images);
        int n = enc.get(0).size();
        List<CaptionStepDecoder.State> state = start(enc);
        int[] prev = new int[n];
        Arrays.fill(prev, SpecialTokens.BOS);
        List<List<Integer>> words = new ArrayList<>();
        List<List<float[]>> att = new ArrayList<>();
        double[] logp = new double[n];
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            words.add(new ArrayList<>());
            att.add(new ArrayList<>());
        }
        int remaining = n;
        for (int t = 0; t <= maxLength && remaining > 0; t++) {
            Joint st = step(enc, state, prev);
            float[][] lp = st.logProbs().toFloatMatrix();
            float[][] alpha = st.alpha().toFloatMatrix();
            for (int i = 0; i < n; i++) {
                if (done[i]) {
                    continue;
                }
                int best = t == maxLength ? SpecialTokens.EOS : argmaxWord(lp[i]);
                logp[i] += lp[i][best];
                att.get(i).add(alpha[i]);
                if (best == SpecialTokens.EOS) {
                    done[i] = true;
                    remaining--;
                } else {
                    words.get(i).add(best);
                }
                prev[i] = best;
            }
            state = st.states();
        }
        List<Hypothesis> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] toks = words.get(i).stream().mapToInt(Integer::intValue).toArray();
            out.add(new Hypothesis(toks, logp[i], logp[i], att.get(i).toArray(new float[0][])));
        }
        return out;
    }

    /** Beam search of one image [1, 3, S, S] (or [3, S, S]): the {@code nBest} best hypotheses, best first. */
    public List<Hypothesis> beam(INDArray image, DecodeConfig cfg, int nBest) {
        int k = cfg.beam();
        INDArray one = image.rank() == 3 ? image.reshape(1, image.size(0), image.size(1), image.size(2)) : image;
        List<CaptionStepDecoder.Encoded> enc1 = encode(one);
        List<Live> live = new ArrayList<>(List.of(new Live(new int[0], 0.0, new float[0][])));
        List<CaptionStepDecoder.State> state = start(enc1);
        List<Hypothesis> finished = new ArrayList<>();
        for (int t = 0; t <= maxLength && !live.isEmpty() && finished.size() < k; t++) {
            int rows = live.size();
            int[] zeros = new int[rows];
            List<CaptionStepDecoder.Encoded> enc = enc1.stream().map(e -> e.select(zeros)).toList();
            int[] prev = new int[rows];
            for (int r = 0; r < rows; r++) {
                int[] w = live.get(r).words;
                prev[r] = w.length == 0 ? SpecialTokens.BOS : w[w.length - 1];
            }
            Joint st = step(enc, state, prev);
            float[][] lp = st.logProbs().toFloatMatrix();
            float[][] alpha = st.alpha().toFloatMatrix();
            List<double[]> cands = new ArrayList<>();   // {row, token, logP}
            for (int r = 0; r < rows; r++) {
                for (int tok = SpecialTokens.EOS; tok < lp[r].length; tok++) {
                    if (t == maxLength && tok != SpecialTokens.EOS) {
                        break;
                    }
                    cands.add(new double[] {r, tok, live.get(r).logProb + lp[r][tok]});
                }
            }
            cands.sort(Comparator.comparingDouble((double[] c) -> -c[2]).thenComparingDouble(c -> c[0])
                    .thenComparingDouble(c -> c[1]));
            List<Live> next = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            for (int rank = 0; rank < cands.size() && next.size() < k && finished.size() < k; rank++) {
                double[] c = cands.get(rank);
                Live parent = live.get((int) c[0]);
                float[][] rowsAtt = Arrays.copyOf(parent.attention, parent.attention.length + 1);
                rowsAtt[parent.attention.length] = alpha[(int) c[0]];
                if ((int) c[1] == SpecialTokens.EOS) {
                    if (rank < k) {
                        finished.add(new Hypothesis(parent.words, c[2] / cfg.lengthNorm(parent.words.length + 1), c[2],
                                rowsAtt));
                    }
                } else {
                    int[] w = Arrays.copyOf(parent.words, parent.words.length + 1);
                    w[parent.words.length] = (int) c[1];
                    next.add(new Live(w, c[2], rowsAtt));
                    parents.add((int) c[0]);
                }
            }
            live = next;
            if (!live.isEmpty()) {
                int[] kept = parents.stream().mapToInt(Integer::intValue).toArray();
                state = st.states().stream().map(m -> m.select(kept)).toList();
            }
        }
        finished.sort(Comparator.comparingDouble((Hypothesis h) -> -h.score()));
        return finished.subList(0, Math.min(nBest, finished.size()));
    }

    /**
     * Log-probability of each caption (its words and EOS, teacher forced) given its image: images [batch, 3, S, S],
     * one caption (ids without BOS/EOS, at most maxLength words are scored) per image.
     */
    public double[] forced(INDArray images, List<int[]> captions) {
        List<CaptionStepDecoder.Encoded> enc = encode(images);
        int n = enc.get(0).size();
        List<CaptionStepDecoder.State> state = start(enc);
        double[] out = new double[n];
        int[] prev = new int[n];
        Arrays.fill(prev, SpecialTokens.BOS);
        int longest = 0;
        for (int[] c : captions) {
            longest = Math.max(longest, Math.min(c.length, maxLength));
        }
        for (int t = 0; t <= longest; t++) {
            Joint st = step(enc, state, prev);
            float[][] lp = st.logProbs().toFloatMatrix();
            for (int i = 0; i < n; i++) {
                int len = Math.min(captions.get(i).length, maxLength);
                if (t > len) {
                    prev[i] = SpecialTokens.PAD;
                    continue;
                }
                int target = t == len ? SpecialTokens.EOS : captions.get(i)[t];
                out[i] += lp[i][target];
                prev[i] = target;
            }
            state = st.states();
        }
        return out;
    }

    /** Every member's encoding of {@code images}. */
    private List<CaptionStepDecoder.Encoded> encode(INDArray images) {
        return members.stream().map(m -> m.encode(images)).toList();
    }

    private List<CaptionStepDecoder.State> start(List<CaptionStepDecoder.Encoded> enc) {
        List<CaptionStepDecoder.State> out = new ArrayList<>(members.size());
        for (int m = 0; m < members.size(); m++) {
            out.add(members.get(m).start(enc.get(m)));
        }
        return out;
    }

    /** One step of every member; the ensemble's log-probabilities are log of the members' mean probabilities. */
    private Joint step(List<CaptionStepDecoder.Encoded> enc, List<CaptionStepDecoder.State> states, int[] prev) {
        List<CaptionStepDecoder.Step> steps = new ArrayList<>(members.size());
        for (int m = 0; m < members.size(); m++) {
            steps.add(members.get(m).step(enc.get(m), states.get(m), prev));
        }
        List<CaptionStepDecoder.State> next = steps.stream().map(CaptionStepDecoder.Step::state).toList();
        if (steps.size() == 1) {
            return new Joint(steps.get(0).logProbs(), steps.get(0).alpha(), next);
        }
        return new Joint(meanProbability(steps.stream().map(CaptionStepDecoder.Step::logProbs).toList()),
                mean(steps.stream().map(CaptionStepDecoder.Step::alpha).toList()), next);
    }

    /** log((1/n) sum_m exp(logProbs_m)), element by element, shifted by the element-wise maximum for stability. */
    static INDArray meanProbability(List<INDArray> logProbs) {
        INDArray max = logProbs.get(0).dup();
        for (int m = 1; m < logProbs.size(); m++) {
            Transforms.max(max, logProbs.get(m), false);
        }
        INDArray sum = max.ulike().assign(0);
        for (INDArray lp : logProbs) {
            sum.addi(Transforms.exp(lp.sub(max), false));
        }
        return Transforms.log(sum, false).addi(max).subi(Math.log(logProbs.size()));
    }

    private static INDArray mean(List<INDArray> xs) {
        INDArray sum = xs.get(0).dup();
        for (int m = 1; m < xs.size(); m++) {
            sum.addi(xs.get(m));
        }
        return sum.divi(xs.size());
    }

    /** A step of all members: the combined distributions and attention, and each member's next state. */
    private record Joint(INDArray logProbs, INDArray alpha, List<CaptionStepDecoder.State> states) {
    }

    /** The most probable real word or EOS (never PAD, UNK or BOS). */
    private static int argmaxWord(float[] lp) {
        int best = SpecialTokens.EOS;
        for (int v = SpecialTokens.EOS + 1; v < lp.length; v++) {
            if (lp[v] > lp[best]) {
                best = v;
            }
        }
        return best;
    }

    private record Live(int[] words, double logProb, float[][] attention) {
    }
}
