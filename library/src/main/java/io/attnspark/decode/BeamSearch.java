package io.attnspark.decode;

import io.attnspark.nn.SpecialTokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Beam search for a batch of sentences at once: every sentence owns {@code beam} consecutive decoder rows,
 * and its beam is chosen from its own rows only, so a sentence gets the same outputs alone or in any batch.
 *
 * <p>At each step the 2k best extensions of a sentence's live hypotheses are ranked by log-probability;
 * an EOS extension ranked within the first k becomes a finished hypothesis (scored log P / ((5 + len) / 6)^alpha,
 * len counting EOS), the best k others continue. A sentence stops when it has k finished hypotheses; at its
 * length limit every live hypothesis is closed with EOS. Ties break by row, then token id.
 */
public final class BeamSearch<E extends SourceBatch<E>, S extends RowState<S>> {
    private final SequenceDecoder<E, S> decoder;
    private final DecodeConfig cfg;

    public BeamSearch(SequenceDecoder<E, S> decoder, DecodeConfig cfg) {
        this.decoder = decoder;
        this.cfg = cfg;
    }

    /** The {@code nBest} best hypotheses (at most beam) of each sentence of {@code enc}, best first. */
    public List<List<Hypothesis>> search(E enc, int nBest) {
        int k = cfg.beam();
        int n = enc.size();
        int rows = n * k;
        int[] rowSentence = new int[rows];
        for (int r = 0; r < rows; r++) {
            rowSentence[r] = r / k;
        }
        E encRows = enc.select(rowSentence);
        S state = decoder.start(rows);
        BeamNode[] nodes = new BeamNode[rows];
        double[] rowScore = new double[rows];
        Arrays.fill(rowScore, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            nodes[i * k] = BeamNode.root();
            rowScore[i * k] = 0.0;
        }
        List<List<Hypothesis>> finished = new ArrayList<>();
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            finished.add(new ArrayList<>());
        }
        int[] tokens = new int[rows];
        Arrays.fill(tokens, SpecialTokens.BOS);
        int remaining = n;
        int v = decoder.targetVocab();
        int s = enc.srcTime();
        for (int step = 0; remaining > 0; step++) {
            StepDecoder.Step st = decoder.step(encRows, state, tokens);
            float[] lp = st.logProbs().reshape(-1).toFloatVector();
            float[] att = st.attention().reshape(-1).toFloatVector();
            int[] parent = new int[rows];
            BeamNode[] nextNodes = new BeamNode[rows];
            double[] nextScore = new double[rows];
            Arrays.fill(nextScore, Double.NEGATIVE_INFINITY);
            for (int r = 0; r < rows; r++) {
                parent[r] = r;
            }
            int[] nextTokens = new int[rows];
            for (int i = 0; i < n; i++) {
                if (done[i]) {
                    continue;
                }
                int srcLen = enc.lengths()[i];
                boolean last = step >= cfg.maxLength(srcLen - 1);
                List<long[]> cands = best(lp, rowScore, i * k, k, v, last ? 1 : 2 * k, last);
                int live = 0;
                List<Hypothesis> fin = finished.get(i);
                for (int rank = 0; rank < cands.size(); rank++) {
                    int row = (int) cands.get(rank)[0];
                    int tok = (int) cands.get(rank)[1];
                    double logP = rowScore[row] + lp[row * v + tok];
                    BeamNode node = new BeamNode(nodes[row], tok, logP, BeamNode.attentionRow(att, row, s, srcLen));
                    if (tok == SpecialTokens.EOS) {
                        if (rank < k || last) {
                            fin.add(node.toHypothesis(cfg));
                        }
                    } else if (live < k) {
                        int r = i * k + live++;
                        parent[r] = row;
                        nextNodes[r] = node;
                        nextScore[r] = logP;
                        nextTokens[r] = tok;
                    }
                }
                if (last || fin.size() >= k) {
                    done[i] = true;
                    remaining--;
                }
            }
            if (remaining == 0) {
                break;
            }
            state = state.select(parent);
            nodes = nextNodes;
            rowScore = nextScore;
            tokens = nextTokens;
        }
        List<List<Hypothesis>> out = new ArrayList<>();
        for (List<Hypothesis> fin : finished) {
            fin.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
            out.add(List.copyOf(fin.subList(0, Math.min(nBest, fin.size()))));
        }
        return out;
    }

    /**
     * The {@code count} best (row, token) extensions of rows [first, first + k), best first (ties: lower
     * row, then lower token). With {@code eosOnly}, each live row's EOS extension instead, best first.
     */
    private static List<long[]> best(float[] lp, double[] rowScore, int first, int k, int v, int count,
                                     boolean eosOnly) {
        Comparator<long[]> worstFirst = Comparator.<long[]>comparingDouble(c -> score(lp, rowScore, c, v))
                .thenComparing(c -> -c[0]).thenComparing(c -> -c[1]);
        PriorityQueue<long[]> heap = new PriorityQueue<>(worstFirst);
        for (int row = first; row < first + k; row++) {
            if (rowScore[row] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            for (int tok = eosOnly ? SpecialTokens.EOS : 0; tok < (eosOnly ? SpecialTokens.EOS + 1 : v); tok++) {
                if (tok == SpecialTokens.PAD || tok == SpecialTokens.BOS) {
                    continue;
                }
                long[] c = {row, tok};
                if (heap.size() < (eosOnly ? k : count)) {
                    heap.add(c);
                } else if (worstFirst.compare(c, heap.peek()) > 0) {
                    heap.poll();
                    heap.add(c);
                }
            }
        }
        List<long[]> out = new ArrayList<>(heap);
        out.sort(worstFirst.reversed());
        return out;
    }

    private static double score(float[] lp, double[] rowScore, long[] c, int v) {
        return rowScore[(int) c[0]] + lp[(int) c[0] * v + (int) c[1]];
    }
}
