package io.attnspark.decode;

import io.attnspark.nn.SpecialTokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The most probable next token at every step, for a batch of sentences at once. */
public final class GreedySearch<E extends SourceBatch<E>, S extends RowState<S>> {
    private final SequenceDecoder<E, S> decoder;
    private final DecodeConfig cfg;

    public GreedySearch(SequenceDecoder<E, S> decoder, DecodeConfig cfg) {
        this.decoder = decoder;
        this.cfg = cfg;
    }

    /** One hypothesis per sentence of {@code enc}, in its order; each ends with EOS or at the length limit. */
    public List<Hypothesis> search(E enc) {
        int n = enc.size();
        int s = enc.srcTime();
        int v = decoder.targetVocab();
        S state = decoder.start(n);
        BeamNode[] nodes = new BeamNode[n];
        Hypothesis[] out = new Hypothesis[n];
        int[] tokens = new int[n];
        Arrays.fill(tokens, SpecialTokens.BOS);
        Arrays.fill(nodes, BeamNode.root());
        int remaining = n;
        for (int step = 0; remaining > 0; step++) {
            StepDecoder.Step st = decoder.step(enc, state, tokens);
            float[] lp = st.logProbs().reshape(-1).toFloatVector();
            float[] att = st.attention().reshape(-1).toFloatVector();
            for (int i = 0; i < n; i++) {
                if (out[i] != null) {
                    tokens[i] = SpecialTokens.PAD;
                    continue;
                }
                boolean last = step >= cfg.maxLength(enc.lengths()[i] - 1);
                int best = last ? SpecialTokens.EOS : argmax(lp, i * v, v);
                BeamNode next = new BeamNode(nodes[i], best, nodes[i].logProb + lp[i * v + best],
                        BeamNode.attentionRow(att, i, s, enc.lengths()[i]));
                if (best == SpecialTokens.EOS) {
                    out[i] = next.toHypothesis(cfg);
                    remaining--;
                }
                nodes[i] = next;
                tokens[i] = best;
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    /** The best token of a row, never PAD or BOS (ties: the lower id). */
    private static int argmax(float[] a, int from, int count) {
        int best = SpecialTokens.UNK;
        for (int j = SpecialTokens.EOS; j < count; j++) {
            if (a[from + j] > a[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
