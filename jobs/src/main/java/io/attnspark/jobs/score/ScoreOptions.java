package io.attnspark.jobs.score;

import io.attnspark.decode.DecodeConfig;

import java.io.Serializable;

/**
 * What the executors need to know about a score run, shipped inside the partition function. A plain
 * class of primitives (the config records are not {@link Serializable}).
 */
final class ScoreOptions implements Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean forced;
    private final int nbest;
    private final boolean alignments;
    private final int maxSourceLength;
    private final int chunkSize;
    private final long nativeGarbageBytes;
    private final int beam;
    private final double lengthPenalty;
    private final double maxLengthRatio;
    private final int maxLengthOffset;
    private final int batchSize;

    /**
     * @param forced     score mode (forced decoding of the given targets) instead of translation
     * @param nbest      hypotheses kept per source, at most {@code decode.beam()}
     * @param alignments keep the attention matrix of the best hypothesis
     */
    ScoreOptions(boolean forced, int nbest, boolean alignments, ScoreSettings settings, DecodeConfig decode) {
        this.forced = forced;
        this.nbest = nbest;
        this.alignments = alignments;
        this.maxSourceLength = settings.maxSourceLength();
        this.chunkSize = settings.chunkSize();
        this.nativeGarbageBytes = (long) settings.nativeGarbageMb() << 20;
        this.beam = decode.beam();
        this.lengthPenalty = decode.lengthPenalty();
        this.maxLengthRatio = decode.maxLengthRatio();
        this.maxLengthOffset = decode.maxLengthOffset();
        this.batchSize = decode.batchSize();
    }

    boolean forced() {
        return forced;
    }

    int nbest() {
        return nbest;
    }

    boolean alignments() {
        return alignments;
    }

    int maxSourceLength() {
        return maxSourceLength;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** Resident memory the decoder's garbage may add before the first full GC (see {@link NativeGarbage}). */
    long nativeGarbageBytes() {
        return nativeGarbageBytes;
    }

    DecodeConfig decode() {
        return new DecodeConfig(beam, lengthPenalty, maxLengthRatio, maxLengthOffset, batchSize);
    }
}
