package io.attnspark.prep.encode;

import io.attnspark.prep.PrepConfig;
import io.attnspark.prep.Split;

import java.io.Serializable;

/** The per-pair filter decisions and the length bucket, on token counts after subword segmentation. */
public final class PairFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int maxTokens;
    private final double maxLengthRatio;
    private final boolean applyToEval;
    private final int bucketWidth;

    public PairFilter(PrepConfig.Filter filter, int bucketWidth) {
        this.maxTokens = filter.maxTokens();
        this.maxLengthRatio = filter.maxLengthRatio();
        this.applyToEval = filter.applyToEval();
        this.bucketWidth = bucketWidth;
    }

    /**
     * The {@link FilterReason#code()} of a pair, or {@link FilterReason#KEPT}.
     *
     * @param split     {@link Split#code()}
     * @param duplicate the pair repeats an earlier training pair (only ever true in train)
     */
    public int reason(int split, boolean duplicate, int srcLen, int tgtLen) {
        if (duplicate) {
            return FilterReason.DUPLICATE.code();
        }
        if (split != Split.TRAIN.code() && !applyToEval) {
            return FilterReason.KEPT;
        }
        if (srcLen == 0 || tgtLen == 0) {
            return FilterReason.EMPTY.code();
        }
        if (srcLen > maxTokens || tgtLen > maxTokens) {
            return FilterReason.TOO_LONG.code();
        }
        int longer = Math.max(srcLen, tgtLen);
        int shorter = Math.min(srcLen, tgtLen);
        if (longer > maxLengthRatio * shorter) {
            return FilterReason.LENGTH_RATIO.code();
        }
        return FilterReason.KEPT;
    }

    /** Bucket {@code b} holds pairs whose longer side has {@code b*w+1 .. (b+1)*w} tokens (0 for empty pairs). */
    public int bucket(int srcLen, int tgtLen) {
        return Math.max(0, Math.max(srcLen, tgtLen) - 1) / bucketWidth;
    }
}
