package io.attnspark.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the {@link MultiDataSet} that {@link RnnAttentionModel} trains on from sentence pairs.
 *
 * <p>For pairs (src, tgt) without special tokens, with S = max |src| + 1 and T = max |tgt| + 1 over the
 * batch: features[0] ({@code src}) = src + EOS, [batch, 1, S]; features[1] ({@code tgt_in}) = BOS + tgt,
 * [batch, 1, T]; labels[0] = tgt + EOS, [batch, 1, T]; all right-padded with PAD. Feature masks [batch, S]
 * and [batch, T], label mask [batch, T]: 1 for tokens (EOS/BOS included), 0 for padding. Ids are stored as
 * numbers of {@code dataType}. A pure function of its arguments.
 */
public final class Seq2SeqBatch {
    private Seq2SeqBatch() {
    }

    /** The batch in float32. */
    public static MultiDataSet of(List<TokenPair> pairs) {
        return of(pairs, DataType.FLOAT);
    }

    /** The batch with features, labels and masks in {@code dataType}. */
    public static MultiDataSet of(List<TokenPair> pairs, DataType dataType) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one pair");
        }
        List<int[]> src = new ArrayList<>(pairs.size());
        List<int[]> tgt = new ArrayList<>(pairs.size());
        for (TokenPair p : pairs) {
            src.add(p.source());
            tgt.add(p.target());
        }
        INDArray[] source = padded(src, -1, SpecialTokens.EOS, dataType);
        INDArray[] decoderIn = padded(tgt, SpecialTokens.BOS, -1, dataType);
        INDArray[] labels = padded(tgt, -1, SpecialTokens.EOS, dataType);
        return new MultiDataSet(new INDArray[] {source[0], decoderIn[0]}, new INDArray[] {labels[0]},
                new INDArray[] {source[1], decoderIn[1]}, new INDArray[] {labels[1]});
    }

    /** Source ids + EOS for decoding: {@code {ids [batch, 1, S], mask [batch, S]}}, laid out as in training. */
    public static INDArray[] sources(List<int[]> sources, DataType dataType) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one source");
        }
        return padded(sources, -1, SpecialTokens.EOS, dataType);
    }

    /**
     * {@code {ids [n, 1, T], mask [n, T]}} of [first] + seq + [last] (-1 = none), right-padded with PAD to
     * the longest.
     */
    private static INDArray[] padded(List<int[]> seqs, int first, int last, DataType dataType) {
        int extra = (first >= 0 ? 1 : 0) + (last >= 0 ? 1 : 0);
        int n = seqs.size();
        int t = 0;
        for (int[] a : seqs) {
            t = Math.max(t, a.length + extra);
        }
        float[] ids = new float[n * t];
        float[] mask = new float[n * t];
        for (int i = 0; i < n; i++) {
            int at = i * t;
            if (first >= 0) {
                ids[at++] = first;
            }
            for (int id : seqs.get(i)) {
                ids[at++] = id;
            }
            if (last >= 0) {
                ids[at++] = last;
            }
            Arrays.fill(mask, i * t, at, 1f);
        }
        return new INDArray[] {ids(ids, n, t, dataType), mask(mask, n, t, dataType)};
    }

    private static INDArray ids(float[] data, int n, int len, DataType dataType) {
        return Nd4j.create(data, new long[] {n, 1, len}, 'c').castTo(dataType);
    }

    private static INDArray mask(float[] data, int n, int len, DataType dataType) {
        return Nd4j.create(data, new long[] {n, len}, 'c').castTo(dataType);
    }
}
