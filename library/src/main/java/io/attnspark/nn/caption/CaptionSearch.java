package io.attnspark.nn.caption;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.nn.SpecialTokens;
import org.nd4j.linalg.api.ndarray.INDArray;

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
 */
public final class CaptionSearch {
    private final CaptionStepDecoder decoder;
    private final int maxLength;

    /** @param maxLength longest caption in words */
    public CaptionSearch(CaptionStepDecoder decoder, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum caption length must be >= 1, got " + maxLength);
        }
        this.decoder = decoder;
        this.maxLength = maxLength;
    }

    /** Greedy captions of images [batch, 3, S, S], one hypothesis per image (score = logProb). */
    public List<Hypothesis> greedy(INDArray images) {
        CaptionStepDecoder.Encoded enc = decoder.encode(images);
        int n = enc.size();
        CaptionStepDecoder.State state = decoder.start(enc);
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
            CaptionStepDecoder.Step st = decoder.step(enc, state, prev);
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
            state = st.state();
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
        CaptionStepDecoder.Encoded enc1 = decoder.encode(one);
        List<Live> live = new ArrayList<>(List.of(new Live(new int[0], 0.0, new float[0][])));
        CaptionStepDecoder.State state = decoder.start(enc1);
        List<Hypothesis> finished = new ArrayList<>();
        for (int t = 0; t <= maxLength && !live.isEmpty() && finished.size() < k; t++) {
            int rows = live.size();
            CaptionStepDecoder.Encoded enc = enc1.select(new int[rows]);
            int[] prev = new int[rows];
            for (int r = 0; r < rows; r++) {
                int[] w = live.get(r).words;
                prev[r] = w.length == 0 ? SpecialTokens.BOS : w[w.length - 1];
            }
            CaptionStepDecoder.Step st = decoder.step(enc, state, prev);
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
                state = st.state().select(parents.stream().mapToInt(Integer::intValue).toArray());
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
        CaptionStepDecoder.Encoded enc = decoder.encode(images);
        int n = enc.size();
        CaptionStepDecoder.State state = decoder.start(enc);
        double[] out = new double[n];
        int[] prev = new int[n];
        Arrays.fill(prev, SpecialTokens.BOS);
        int longest = 0;
        for (int[] c : captions) {
            longest = Math.max(longest, Math.min(c.length, maxLength));
        }
        for (int t = 0; t <= longest; t++) {
            CaptionStepDecoder.Step st = decoder.step(enc, state, prev);
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
            state = st.state();
        }
        return out;
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
