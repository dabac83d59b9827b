package io.attnspark.decode;

import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.SpecialTokens;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Source sentences encoded once by a Transformer graph, with every decoder layer's cross-attention keys and
 * values computed once for all steps.
 *
 * @param keys     per decoder layer, cross-attention keys [n*h, S, dk] (sentence-major, then head)
 * @param values   per decoder layer, cross-attention values [n*h, S, dk]
 * @param maskBias 0 for tokens, -1e9 for padding, [n*h, 1, S]
 * @param lengths  source lengths including EOS, [n]
 * @param heads    h
 */
public record TransformerSource(List<INDArray> keys, List<INDArray> values, INDArray maskBias, int[] lengths, int heads)
        implements SourceBatch<TransformerSource> {

    /** Runs the encoder of {@code graph} over {@code sources} (ids without EOS) and projects the keys and values. */
    static TransformerSource encode(ComputationGraph graph, TransformerParams p, List<int[]> sources) {
        INDArray[] src = Seq2SeqBatch.sources(sources, graph.getConfiguration().getDataType());
        int n = sources.size();
        INDArray bos = Nd4j.valueArrayOf(new long[] {n, 1, 1}, SpecialTokens.BOS, src[0].dataType());
        INDArray bosMask = Nd4j.ones(src[1].dataType(), n, 1);
        INDArray enc = graph.output(List.of(p.encoderTop()), false, new INDArray[] {src[0], bos},
                new INDArray[] {src[1], bosMask})[0];                                  // [n, d, S]
        long s = enc.size(2);
        int d = p.dModel();
        int h = p.heads();
        INDArray rows = enc.permute(0, 2, 1).dup('c').reshape('c', n * s, d);           // [n*S, d]
        List<INDArray> keys = new ArrayList<>();
        List<INDArray> values = new ArrayList<>();
        for (TransformerParams.Layer layer : p.layers()) {
            INDArray kv = Gemm.times(rows, layer.cross().get("Wkv")).addiRowVector(layer.cross().get("bkv")); // [n*S, 2d]
            keys.add(heads(kv.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)), n, s, h, p.headSize()));
            values.add(heads(kv.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d)), n, s, h, p.headSize()));
        }
        INDArray bias = src[1].sub(1.0).muli(1e9);                                      // [n, S]
        INDArray maskBias = bias.reshape(n, 1, 1, s).repeat(1, h).reshape('c', (long) n * h, 1, s).dup('c');
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = sources.get(i).length + 1;
        }
        return new TransformerSource(keys, values, maskBias, lengths, h);
    }

    /** Rows [n*S, h*dk] to heads [n*h, S, dk]. */
    static INDArray heads(INDArray rows, long n, long s, int h, int dk) {
        return rows.dup('c').reshape('c', n, s, h, dk).permute(0, 2, 1, 3).dup('c').reshape('c', n * h, s, dk);
    }

    @Override
    public int size() {
        return lengths.length;
    }

    @Override
    public int srcTime() {
        return (int) maskBias.size(2);
    }

    @Override
    public TransformerSource select(int[] rows) {
        int[] len = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            len[i] = lengths[rows[i]];
        }
        List<INDArray> k = new ArrayList<>();
        List<INDArray> v = new ArrayList<>();
        for (int l = 0; l < keys.size(); l++) {
            k.add(selectRows(keys.get(l), rows, heads));
            v.add(selectRows(values.get(l), rows, heads));
        }
        return new TransformerSource(k, v, selectRows(maskBias, rows, heads), len, heads);
    }

    /** Sentences {@code rows} of a per-head array [n*h, ...]: [rows.length*h, ...]. */
    static INDArray selectRows(INDArray perHead, int[] rows, int heads) {
        long n = perHead.size(0) / heads;
        long[] shape = perHead.shape();
        long rest = perHead.length() / n;
        INDArray picked = Nd4j.pullRows(perHead.reshape('c', n, rest), 1, rows);
        shape[0] = (long) rows.length * heads;
        return picked.reshape('c', shape);
    }
}
