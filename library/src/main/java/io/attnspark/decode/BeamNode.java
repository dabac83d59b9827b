package io.attnspark.decode;

import java.util.Arrays;

/** A partial output as a linked list from its last token back to BOS (shared prefixes are shared). */
final class BeamNode {
    final BeamNode parent;
    final int token;
    final double logProb;
    final float[] attention;
    final int length;

    BeamNode(BeamNode parent, int token, double logProb, float[] attention) {
        this.parent = parent;
        this.token = token;
        this.logProb = logProb;
        this.attention = attention;
        this.length = parent == null ? 0 : parent.length + 1;
    }

    /** The root (BOS) of every output. */
    static BeamNode root() {
        return new BeamNode(null, -1, 0.0, null);
    }

    /** The finished hypothesis ending with this node's token, which must be EOS (not included in tokens). */
    Hypothesis toHypothesis(DecodeConfig cfg) {
        int[] tokens = new int[length - 1];
        float[][] attention = new float[length][];
        BeamNode n = this;
        for (int i = length - 1; i >= 0; i--) {
            attention[i] = n.attention;
            if (i < length - 1) {
                tokens[i] = n.token;
            }
            n = n.parent;
        }
        return new Hypothesis(tokens, logProb / cfg.lengthNorm(length), logProb, attention);
    }

    /** The attention row {@code row} of {@code all} [rows, srcTime], cut to the source length. */
    static float[] attentionRow(float[] all, int row, int srcTime, int srcLength) {
        return Arrays.copyOfRange(all, row * srcTime, row * srcTime + srcLength);
    }
}
