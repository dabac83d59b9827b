package io.attnspark.nn.caption;

import io.attnspark.nn.SpecialTokens;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Minibatches for {@link CaptionModel}: one example per (image, caption).
 *
 * <p>Features: [batch, 3, S, S] floats in [0, 1]. Labels: [batch, steps], each row the caption's ids (cut to
 * steps - 1 words), EOS, then PAD (0). Label mask: [batch, steps], 1 up to and including EOS (the decoder derives
 * the same mask from the labels; the array is there for token counts).
 */
public final class CaptionBatch {
    private CaptionBatch() {
    }

    /**
     * @param images   each image channels first, [3 * S * S] (see {@code CaptionedImage.toChannelsFirst()})
     * @param captions one caption (ids, no BOS/EOS) per image
     */
    public static MultiDataSet of(List<float[]> images, List<int[]> captions, int imageSize, int steps) {
        if (images.size() != captions.size() || images.isEmpty()) {
            throw new IllegalArgumentException(images.size() + " images but " + captions.size() + " captions");
        }
        int n = images.size();
        int plane = 3 * imageSize * imageSize;
        float[] pixels = new float[n * plane];
        float[] labels = new float[n * steps];
        float[] mask = new float[n * steps];
        for (int b = 0; b < n; b++) {
            float[] img = images.get(b);
            if (img.length != plane) {
                throw new IllegalArgumentException("image " + b + " has " + img.length + " values, expected 3x"
                        + imageSize + "x" + imageSize);
            }
            System.arraycopy(img, 0, pixels, b * plane, plane);
            int[] ids = captions.get(b);
            int len = Math.min(ids.length, steps - 1);
            for (int t = 0; t < len; t++) {
                labels[b * steps + t] = ids[t];
                mask[b * steps + t] = 1f;
            }
            labels[b * steps + len] = SpecialTokens.EOS;
            mask[b * steps + len] = 1f;
        }
        INDArray f = Nd4j.create(pixels, new long[] {n, 3, imageSize, imageSize}, 'c');
        INDArray l = Nd4j.create(labels, new long[] {n, steps}, 'c');
        INDArray m = Nd4j.create(mask, new long[] {n, steps}, 'c');
        return new MultiDataSet(new INDArray[] {f.castTo(DataType.FLOAT)}, new INDArray[] {l},
                null, new INDArray[] {m});
    }
}
