package io.attnspark.decode;

import io.attnspark.nn.GlobalAttentionVertex;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.nn.SpecialTokens;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Encoder outputs of a batch of source sentences, computed once by the trained graph and laid out for
 * step-wise attention.
 *
 * @param states   encoder states [n, srcTime, encSize] (c order; srcTime = longest source + EOS)
 * @param keys     what the decoder state is compared with: [n, srcTime, decSize] ({@code e W_a^T} for
 *                 general, {@code e W_2} for additive) or the states themselves for dot products
 * @param maskBias 0 for tokens, -1e9 for padding, [n, srcTime]
 * @param lengths  source lengths including EOS, [n]
 */
public record EncodedBatch(INDArray states, INDArray keys, INDArray maskBias, int[] lengths)
        implements SourceBatch<EncodedBatch> {

    /** Number of sentences. */
    @Override
    public int size() {
        return lengths.length;
    }

    /** Padded source length (longest source + EOS). */
    @Override
    public int srcTime() {
        return (int) states.size(1);
    }

    /**
     * Runs the encoder of {@code graph} once over {@code sources} (ids without EOS). The decoder branch
     * sees a one-step BOS input, which is discarded.
     */
    public static EncodedBatch encode(ComputationGraph graph, DecoderParams p, List<int[]> sources) {
        INDArray[] src = Seq2SeqBatch.sources(sources, graph.getConfiguration().getDataType());
        int n = sources.size();
        INDArray bos = Nd4j.valueArrayOf(new long[] {n, 1, 1}, SpecialTokens.BOS, src[0].dataType());
        INDArray bosMask = Nd4j.ones(src[1].dataType(), n, 1);
        INDArray enc = graph.output(List.of(p.encoderTop()), false, new INDArray[] {src[0], bos},
                new INDArray[] {src[1], bosMask})[0];                        // [n, enc, S]
        INDArray states = enc.permute(0, 2, 1).dup('c');                    // [n, S, enc]
        INDArray keys = keys(p, states);
        INDArray maskBias = src[1].sub(1.0).muli(1e9);
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = sources.get(i).length + 1;
        }
        return new EncodedBatch(states, keys, maskBias, lengths);
    }

    /** The projected keys [n, S, dec] of the score, or the states for dot products. */
    static INDArray keys(DecoderParams p, INDArray states) {
        long n = states.size(0);
        long s = states.size(1);
        INDArray flat = states.reshape('c', n * s, p.encoderSize());
        return switch (p.score()) {
            case DOT, SCALED_DOT -> states;
            case GENERAL -> Gemm.timesTransposed(flat, p.attention().get(GlobalAttentionVertex.PARAM_WA))
                    .reshape('c', n, s, p.decoderSize());
            case ADDITIVE -> Gemm.times(flat, p.attention().get(GlobalAttentionVertex.PARAM_W2))
                    .reshape('c', n, s, p.decoderSize());
        };
    }

    /** Rows {@code rows} of this batch (a sentence may repeat, e.g. once per beam), in that order. */
    @Override
    public EncodedBatch select(int[] rows) {
        int[] len = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            len[i] = lengths[rows[i]];
        }
        INDArray st = Nd4j.pullRows(states.reshape('c', size(), (long) srcTime() * states.size(2)), 1, rows)
                .reshape('c', rows.length, srcTime(), states.size(2));
        INDArray k = keys == states ? st : Nd4j.pullRows(keys.reshape('c', size(), (long) srcTime() * keys.size(2)), 1, rows)
                .reshape('c', rows.length, srcTime(), keys.size(2));
        return new EncodedBatch(st, k, Nd4j.pullRows(maskBias, 1, rows), len);
    }
}
