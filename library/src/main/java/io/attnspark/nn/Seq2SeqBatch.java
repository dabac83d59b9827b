package io.attnspark.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

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
        int n = pairs.size();
        int s = 0;
        int t = 0;
        for (TokenPair p : pairs) {
            s = Math.max(s, p.source().length + 1);
            t = Math.max(t, p.target().length + 1);
        }
        float[] src = new float[n * s];
        float[] srcMask = new float[n * s];
        float[] tgtIn = new float[n * t];
        float[] labels = new float[n * t];
        float[] tgtMask = new float[n * t];
        for (int i = 0; i < n; i++) {
            int[] a = pairs.get(i).source();
            int[] b = pairs.get(i).target();
            for (int j = 0; j < a.length; j++) {
                src[i * s + j] = a[j];
            }
            src[i * s + a.length] = SpecialTokens.EOS;
            fill(srcMask, i * s, a.length + 1);
            tgtIn[i * t] = SpecialTokens.BOS;
            for (int j = 0; j < b.length; j++) {
                tgtIn[i * t + j + 1] = b[j];
                labels[i * t + j] = b[j];
            }
            labels[i * t + b.length] = SpecialTokens.EOS;
            fill(tgtMask, i * t, b.length + 1);
        }
        INDArray[] features = {ids(src, n, s, dataType), ids(tgtIn, n, t, dataType)};
        INDArray[] featureMasks = {mask(srcMask, n, s, dataType), mask(tgtMask, n, t, dataType)};
        INDArray[] labelArr = {ids(labels, n, t, dataType)};
        INDArray[] labelMasks = {mask(tgtMask, n, t, dataType)};
        return new MultiDataSet(features, labelArr, featureMasks, labelMasks);
    }

    /** Source ids + EOS for decoding: features [batch, 1, S] and mask [batch, S], as {@code {ids, mask}}. */
    public static INDArray[] sources(List<int[]> sources, DataType dataType) {
        int n = sources.size();
        int s = 0;
        for (int[] a : sources) {
            s = Math.max(s, a.length + 1);
        }
        float[] src = new float[n * s];
        float[] srcMask = new float[n * s];
        for (int i = 0; i < n; i++) {
            int[] a = sources.get(i);
            for (int j = 0; j < a.length; j++) {
                src[i * s + j] = a[j];
            }
            src[i * s + a.length] = SpecialTokens.EOS;
            fill(srcMask, i * s, a.length + 1);
        }
        return new INDArray[] {ids(src, n, s, dataType), mask(srcMask, n, s, dataType)};
    }

    private static void fill(float[] a, int from, int count) {
        for (int j = 0; j < count; j++) {
            a[from + j] = 1f;
        }
    }

    private static INDArray ids(float[] data, int n, int len, DataType dataType) {
        return Nd4j.create(data, new long[] {n, 1, len}, 'c').castTo(dataType);
    }

    private static INDArray mask(float[] data, int n, int len, DataType dataType) {
        return Nd4j.create(data, new long[] {n, len}, 'c').castTo(dataType);
    }
}
