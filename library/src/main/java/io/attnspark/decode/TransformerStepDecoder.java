package io.attnspark.decode;

import io.attnspark.nn.transformer.TransformerModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNorm;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;
import java.util.Map;

/**
 * One decoder step of a trained {@link TransformerModel} for N rows at once, with ND4J ops on the graph's own
 * parameters and a cache: each layer appends the new position's self-attention key and value to
 * {@link TransformerState} and attends over the cached ones; cross-attention keys and values were computed once by
 * {@link TransformerSource}. A step costs one position through the layers plus attention over the prefix; the
 * prefix is never run through the layers again.
 */
public final class TransformerStepDecoder implements SequenceDecoder<TransformerSource, TransformerState> {
    private final ComputationGraph graph;
    private final TransformerParams p;

    public TransformerStepDecoder(ComputationGraph graph) {
        this.graph = graph;
        this.p = TransformerParams.of(graph);
    }

    public TransformerParams params() {
        return p;
    }

    /** Encodes {@code sources} (ids without EOS) with the graph's encoder. */
    public TransformerSource encode(List<int[]> sources) {
        return TransformerSource.encode(graph, p, sources);
    }

    @Override
    public int targetVocab() {
        return p.targetVocab();
    }

    @Override
    public TransformerState start(int rows) {
        return new TransformerState(p.layers().size(), p.heads());
    }

    /**
     * @return log-probabilities [N, V] and the last layer's cross-attention weights averaged over heads [N, S]
     */
    @Override
    public StepDecoder.Step step(TransformerSource enc, TransformerState state, int[] tokens) {
        int n = tokens.length;
        int t = state.steps;
        if (t >= p.positions().size(0)) {
            throw new IllegalStateException("decoding step " + (t + 1) + " is beyond the model's "
                    + p.positions().size(0) + " positions (model.transformer.max-positions)");
        }
        INDArray x = Nd4j.pullRows(p.embedding(), 1, tokens).muli(Math.sqrt(p.dModel()))
                .addiRowVector(p.positions().getRow(t));                                    // [N, d]
        INDArray attention = null;
        for (int l = 0; l < p.layers().size(); l++) {
            TransformerParams.Layer layer = p.layers().get(l);
            x = selfAttention(layer.self(), x, state, l, n);
            INDArray[] cross = crossAttention(layer.cross(), x, enc, l, n);
            x = cross[0];
            attention = cross[1];
            x = feedForward(layer.ffn(), x);
        }
        if (p.preNorm()) {
            x = norm(x, p.finalNorm());
        }
        state.steps = t + 1;
        INDArray logits = Gemm.times(x, p.outputW()).addiRowVector(p.outputB());
        return StepDecoder.Step.ofLogits(logits, attention);
    }

    private INDArray selfAttention(Map<String, INDArray> w, INDArray x, TransformerState state, int l, int n) {
        int d = p.dModel();
        INDArray a = p.preNorm() ? norm(x, w) : x;
        INDArray qkv = Gemm.times(a, w.get("Wqkv")).addiRowVector(w.get("bqkv"));                   // [N, 3d]
        INDArray k = perHead(qkv.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d)), n, 1);   // [N*h, 1, dk]
        INDArray v = perHead(qkv.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * d, 3 * d)), n, 1);
        state.keys[l] = state.keys[l] == null ? k : Nd4j.concat(1, state.keys[l], k);
        state.values[l] = state.values[l] == null ? v : Nd4j.concat(1, state.values[l], v);
        INDArray keys = state.keys[l];
        INDArray values = state.values[l];
        long len = keys.size(1);
        if (p.window() > 0 && len > p.window() + 1) {
            keys = keys.get(NDArrayIndex.all(), NDArrayIndex.interval(len - p.window() - 1, len), NDArrayIndex.all());
            values = values.get(NDArrayIndex.all(), NDArrayIndex.interval(len - p.window() - 1, len), NDArrayIndex.all());
        }
        INDArray q = qkv.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d));
        INDArray ctx = attend(q, keys, values, null, n)[0];
        return residual(x, Gemm.times(ctx, w.get("Wo")).addiRowVector(w.get("bo")), w);
    }

    /** {x', attention averaged over heads [N, S]}. */
    private INDArray[] crossAttention(Map<String, INDArray> w, INDArray x, TransformerSource enc, int l, int n) {
        INDArray a = p.preNorm() ? norm(x, w) : x;
        INDArray q = Gemm.times(a, w.get("Wq")).addiRowVector(w.get("bq"));
        INDArray[] out = attend(q, enc.keys().get(l), enc.values().get(l), enc.maskBias(), n);
        INDArray att = out[1].reshape('c', n, p.heads(), out[1].size(2)).mean(1);                 // [N, S]
        return new INDArray[] {residual(x, Gemm.times(out[0], w.get("Wo")).addiRowVector(w.get("bo")), w), att};
    }

    private INDArray feedForward(Map<String, INDArray> w, INDArray x) {
        INDArray a = p.preNorm() ? norm(x, w) : x;
        INDArray h = Gemm.times(a, w.get("W1")).addiRowVector(w.get("b1"));
        h = p.gelu() ? Nd4j.getExecutioner().exec(new GELU(h, h)) : Transforms.relu(h, false);
        return residual(x, Gemm.times(h, w.get("W2")).addiRowVector(w.get("b2")), w);
    }

    /**
     * Scaled dot-product attention of one query position per row over keys/values [N*h, L, dk].
     *
     * @param q    queries [N, d]
     * @param bias additive score bias [N*h, 1, L] or null
     * @return {context [N, d], weights [N*h, 1, L]}
     */
    private INDArray[] attend(INDArray q, INDArray keys, INDArray values, INDArray bias, int n) {
        int dk = p.headSize();
        long len = keys.size(1);
        INDArray qh = q.dup('c').reshape('c', (long) n * p.heads(), dk, 1);
        INDArray scores = Nd4j.matmul(keys, qh).reshape('c', (long) n * p.heads(), len).muli(1.0 / Math.sqrt(dk));
        if (bias != null) {
            scores.addi(bias.reshape('c', (long) n * p.heads(), len));
        }
        INDArray weights = Transforms.softmax(scores, false).reshape('c', (long) n * p.heads(), 1, len);
        INDArray ctx = Nd4j.matmul(weights, values).reshape('c', n, p.dModel());
        return new INDArray[] {ctx, weights};
    }

    private INDArray residual(INDArray x, INDArray out, Map<String, INDArray> w) {
        INDArray sum = x.add(out);
        return p.preNorm() ? sum : norm(sum, w);
    }

    /** The native layer_norm op the graph uses, over the last axis of [N, d]. */
    private static INDArray norm(INDArray x, Map<String, INDArray> w) {
        return Nd4j.exec(new LayerNorm(x, w.get("lng"), w.get("lnb"), x.ulike(), false, 1))[0];
    }

    /** Rows [N, d] (a column slice) to heads [N*h, len, dk] for len = 1. */
    private INDArray perHead(INDArray rows, int n, int len) {
        return rows.dup('c').reshape('c', (long) n * p.heads(), len, p.headSize());
    }
}
