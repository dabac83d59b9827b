package io.attnspark.prep.captions;

import java.io.Serializable;
import java.util.List;

/**
 * One prepared image with its captions, as the captioning model takes it. A plain class, not a record: Spark's
 * Kryo 4 cannot serialize records (nor {@code List.of} lists: {@link #captions()} is an {@code ArrayList}).
 */
public final class CaptionedImage implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String image;
    private final int height;
    private final int width;
    private final int channels;
    private final byte[] pixels;
    private final List<String> captions;
    private final int[][] captionIds;

    /**
     * @param image      name relative to the image directory
     * @param pixels     unsigned RGB bytes, shape {@code [height, width, channels]}, row-major
     * @param captions   normalised captions
     * @param captionIds ids of each caption, shape {@code [captions][caption length]}, no BOS/EOS
     */
    public CaptionedImage(String image, int height, int width, int channels, byte[] pixels, List<String> captions,
                          int[][] captionIds) {
        if (pixels.length != height * width * channels) {
            throw new IllegalArgumentException(image + ": " + pixels.length + " pixel bytes, expected " + height + "x"
                    + width + "x" + channels);
        }
        if (captions.size() != captionIds.length) {
            throw new IllegalArgumentException(image + ": " + captions.size() + " captions but " + captionIds.length + " id lists");
        }
        this.image = image;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.pixels = pixels;
        this.captions = captions;
        this.captionIds = captionIds;
    }

    public String image() {
        return image;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    /** Unsigned bytes, shape {@code [height, width, channels]}, row-major (the array itself, not a copy). */
    public byte[] pixels() {
        return pixels;
    }

    /** Channel {@code c} of pixel {@code (y, x)}, in [0, 255]. */
    public int pixel(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }

    /**
     * The image as floats in [0, 1], channels first as DL4J's convolutions take it (NCHW without the batch):
     * shape {@code [channels, height, width]}, row-major.
     */
    public float[] toChannelsFirst() {
        float[] out = new float[pixels.length];
        int plane = height * width;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                out[c * plane + p] = (pixels[p * channels + c] & 0xFF) / 255f;
            }
        }
        return out;
    }

    /** Normalised captions, in caption-file order. */
    public List<String> captions() {
        return captions;
    }

    /** Caption ids, shape {@code [captions][caption length]}, no BOS/EOS (the arrays themselves). */
    public int[][] captionIds() {
        return captionIds;
    }
}
