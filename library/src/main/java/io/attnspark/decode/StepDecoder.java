package io.attnspark.decode;

import io.attnspark.nn.GlobalAttentionVertex;
import io.attnspark.nn.AttentionScore;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One decoder step of a trained {@link io.attnspark.nn.RnnAttentionModel} for N rows at once, with
 * ND4J ops on the graph's own parameters: embedding lookup, the recurrent cells ({@link RecurrentCell}: LSTM in
 * the fused layer's or DL4J's gate order, GRU), attention over the encoded source, the attentional layer
 * {@code tanh(W_c [context; h] + b_c)} and a log-softmax over the target vocabulary. The encoder is not
 * re-run and no prefix is recomputed: the state carries everything. With input feeding
 * ({@link io.attnspark.nn.InputFeedingDecoderVertex}) the first layer reads [embedding; the state's last attentional
 * vector], and the state keeps this step's attentional vector for the next. With hard attention
 * ({@link io.attnspark.nn.HardAttentionVertex}) the context is the encoder state at the most attended position; the
 * step still reports the attention weights.
 */
public final class StepDecoder implements SequenceDecoder<EncodedBatch, DecoderState> {
    private final DecoderParams p;

    /** The decoder of {@code graph} (built by RnnAttentionModel). */
    public StepDecoder(ComputationGraph graph) {
        this(DecoderParams.of(graph));
    }

    public StepDecoder(DecoderParams params) {
        this.p = params;
    }

    public DecoderParams params() {
        return p;
    }

    @Override
    public int targetVocab() {
        return p.targetVocab();
    }

    /** The state before the first step (zeros) for {@code rows} rows. */
    @Override
    public DecoderState start(int rows) {
        return DecoderState.zeros(p, rows);
    }

    /**
     * Feeds {@code tokens} (one per row) and advances {@code state} in place.
     *
     * @param enc    encoder outputs with one row per decoder row (see {@link EncodedBatch#select})
     * @param tokens previous target token of each row (BOS at the first step), [N]
     * @return log-probabilities of the next token [N, targetVocab] and attention weights [N, srcTime]
     *         (zero on padded source positions)
     */
    @Override
    public Step step(EncodedBatch enc, DecoderState state, int[] tokens) {
        INDArray x = Nd4j.pullRows(p.embedding(), 1, tokens);                 // [N, emb]
        if (state.feed != null) {
            x = Nd4j.concat(1, x, state.feed);                                // input feeding: [N, emb + att]
        }
        for (int l = 0; l < p.layers().size(); l++) {
            x = recur(p.layers().get(l), x, state, l);
        }
        INDArray h = x;                                                       // [N, dec]
        int n = tokens.length;
        int s = enc.srcTime();
        INDArray scores = scores(enc, h, n, s);                               // [N, S]
        scores.addi(enc.maskBias());
        INDArray distance = null;
        if (p.localWindow() > 0) {
            // local-p, as in AttentionGraph: + log(window + floor) on the scores, then a Gaussian on the weights
            distance = localDistance(enc, h, n, s);
            double k = GlobalAttentionVertex.LOCAL_WINDOW_STEEPNESS;
            double half = p.localWindow() + 0.5;
            INDArray inside = Transforms.sigmoid(distance.rsub(half).muli(k), false)
                    .muli(Transforms.sigmoid(distance.add(half).muli(k), false));
            scores.addi(Transforms.log(inside.addi(GlobalAttentionVertex.LOCAL_WINDOW_FLOOR), false));
        }
        INDArray alpha = Transforms.softmax(scores, false);
        if (distance != null) {
            double sigma = p.localWindow() / 2.0;
            alpha.muli(Transforms.exp(distance.mul(distance).muli(-1.0 / (2 * sigma * sigma)), false));
        }
        INDArray focus = p.hardAttention() ? mostAttended(alpha) : alpha;   // hard: one-hot rows of the argmax
        INDArray ctx = Nd4j.matmul(focus.reshape('c', n, 1, s), enc.states())
                .reshape('c', n, p.encoderSize());                          // [N, enc]
        INDArray att = Gemm.times(Nd4j.concat(1, ctx, h), p.attentionalW()).addiRowVector(p.attentionalB());
        Transforms.tanh(att, false);
        if (state.feed != null) {
            state.feed = att;
        }
        INDArray logits = Gemm.times(att, p.outputW()).addiRowVector(p.outputB());   // [N, V]
        return Step.ofLogits(logits, alpha);
    }

    /**
     * The next-token distribution [N, V] and attention weights [N, S] of one step. The log-softmax over the
     * vocabulary is taken the first time {@link #logProbs()} is asked for (in place on the logits), so that a
     * caller that only needs each row's best token ({@link #bestTokens()}, greedy decoding without scores) does
     * not pay for normalising N x V entries.
     */
    public static final class Step {
        private INDArray logits;
        private INDArray logProbs;
        private final INDArray attention;

        /** A step whose {@code logProbs} [N, V] are already normalised. */
        public Step(INDArray logProbs, INDArray attention) {
            this.logProbs = logProbs;
            this.attention = attention;
        }

        /** A step from unnormalised {@code logits} [N, V], which {@link #logProbs()} normalises in place. */
        public static Step ofLogits(INDArray logits, INDArray attention) {
            Step s = new Step(null, attention);
            s.logits = logits;
            return s;
        }

        /** Log-probabilities of the next token [N, V] (computed on the first call). */
        public INDArray logProbs() {
            if (logProbs == null) {
                logProbs = LogSoftmaxRows.inPlace(logits);
                logits = null;
            }
            return logProbs;
        }

        /** Attention weights over the source [N, S] (zero on padded positions). */
        public INDArray attention() {
            return attention;
        }

        /**
         * The arg-max token of each row [N] (ties: the lower id), any token id included; the same as the
         * arg-max of {@link #logProbs()}, since normalising subtracts one constant per row.
         */
        public int[] bestTokens() {
            INDArray scores = logProbs != null ? logProbs : logits;
            return scores.argMax(1).toIntVector();
        }
    }

    /** One-hot rows [N, S] at each row's largest weight (the first of equal maxima), as the hard attention vertex. */
    private static INDArray mostAttended(INDArray alpha) {
        INDArray out = Nd4j.zeros(alpha.dataType(), alpha.size(0), alpha.size(1));
        double[][] a = alpha.toDoubleMatrix();
        for (int i = 0; i < a.length; i++) {
            int best = 0;
            for (int j = 1; j < a[i].length; j++) {
                if (a[i][j] > a[i][best]) {
                    best = j;
                }
            }
            out.putScalar(i, best, 1.0);
        }
        return out;
    }

    /** {@code s - p_t} [N, S] of local-p attention (see AttentionGraph#localDistance). */
    private INDArray localDistance(EncodedBatch enc, INDArray h, int n, int s) {
        INDArray gate = Transforms.sigmoid(Gemm.times(Transforms.tanh(Gemm.times(h, p.attention().get(GlobalAttentionVertex.PARAM_WP)), false),
                p.attention().get(GlobalAttentionVertex.PARAM_VP)), false);      // [N, 1]
        float[] last = new float[n];
        for (int i = 0; i < n; i++) {
            last[i] = enc.lengths()[i] - 1;
        }
        INDArray pt = gate.muli(Nd4j.createFromArray(last).reshape(n, 1).castTo(h.dataType()));
        INDArray positions = Nd4j.arange(0, s).castTo(h.dataType()).reshape(1, s);
        return positions.repeat(0, n).subiColumnVector(pt);                 // [N, S]
    }

    private INDArray scores(EncodedBatch enc, INDArray h, int n, int s) {
        AttentionScore score = p.score();
        if (score == AttentionScore.ADDITIVE) {
            int a = p.decoderSize();
            INDArray w1h = Gemm.times(h, p.attention().get(GlobalAttentionVertex.PARAM_W1));     // [N, a]
            INDArray sum = Nd4j.createUninitialized(enc.keys().dataType(), n, s, a);
            Nd4j.exec(new BroadcastAddOp(enc.keys(), w1h, sum, 0, 2));
            Transforms.tanh(sum, false);
            return Gemm.times(sum.reshape('c', (long) n * s, a), p.attention().get(GlobalAttentionVertex.PARAM_V))
                    .reshape('c', n, s);
        }
        INDArray dots = Nd4j.matmul(enc.keys(), h.reshape('c', n, p.decoderSize(), 1)).reshape('c', n, s);
        return score == AttentionScore.SCALED_DOT ? dots.muli(1.0 / Math.sqrt(p.decoderSize())) : dots;
    }

    private static INDArray recur(RecurrentCell cell, INDArray x, DecoderState st, int l) {
        INDArray[] hc = cell.step(x, st.h[l], st.c[l]);
        st.h[l] = hc[0];
        st.c[l] = hc[1];
        return hc[0];
    }
}
