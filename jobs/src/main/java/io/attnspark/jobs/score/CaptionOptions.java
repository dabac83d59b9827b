package io.attnspark.jobs.score;

import io.attnspark.decode.DecodeConfig;

import java.io.Serializable;

/**
 * What the executors need to know about a caption run, shipped inside the partition function. A plain class of
 * primitives (the config records are not {@link Serializable}).
 */
final class CaptionOptions implements Serializable {
    private static final long serialVersionUID = 1L;
    final String imageDir;
    final int imageSize;
    final long maxSourcePixels;
    final int maxLength;
    final int gridSide;
    final String mapsDir;
    final long nativeGarbageBytes;
    private final int beam;
    private final double lengthPenalty;
    private final double maxLengthRatio;
    private final int maxLengthOffset;
    private final int batchSize;

    /**
     * @param imageDir        the fully qualified image directory
     * @param imageSize       side of the square the model takes (its prep-captions image size)
     * @param maxSourcePixels images with more pixels are errors (its captions.max-source-pixels)
     * @param maxLength       longest caption in words (its model.caption.max-length)
     * @param gridSide        side of the attention grid (H' = W')
     * @param mapsDir         the fully qualified attention-map directory, or null for none
     */
    CaptionOptions(String imageDir, int imageSize, long maxSourcePixels, int maxLength, int gridSide, String mapsDir,
                   ScoreSettings settings, DecodeConfig decode) {
        this.imageDir = imageDir;
        this.imageSize = imageSize;
        this.maxSourcePixels = maxSourcePixels;
        this.maxLength = maxLength;
        this.gridSide = gridSide;
        this.mapsDir = mapsDir;
        this.nativeGarbageBytes = (long) settings.nativeGarbageMb() << 20;
        this.beam = decode.beam();
        this.lengthPenalty = decode.lengthPenalty();
        this.maxLengthRatio = decode.maxLengthRatio();
        this.maxLengthOffset = decode.maxLengthOffset();
        this.batchSize = decode.batchSize();
    }

    DecodeConfig decode() {
        return new DecodeConfig(beam, lengthPenalty, maxLengthRatio, maxLengthOffset, batchSize);
    }
}
