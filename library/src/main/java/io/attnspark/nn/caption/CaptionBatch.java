package io.attnspark.nn.caption;

import io.attnspark.nn.SpecialTokens;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Minibatches for {@link CaptionModel}: one example per (image, caption), or k captions per image, each image
 * then encoded once for its k captions (see {@code ShowAttendTellRuntime}).
 *
 * <p>Features: [images, 3, S, S] floats in [0, 1]. Labels: [captions, steps] (captions = k x images, image-major:
 * captions k i .. k i + k - 1 are image i's), each row the caption's ids (cut to steps - 1 words), EOS, then PAD
 * (0). Label mask: [captions, steps], 1 up to and including EOS (the decoder derives the same mask from the
 * labels; the array is there for token counts).
 */
public final class CaptionBatch {
    private CaptionBatch() {
    }

    /**
     * @param images   each image channels first, [3 * S * S] (see {@code CaptionedImage.toChannelsFirst()})
     * @param captions k captions (ids, no BOS/EOS) per image, image-major (k = 1: one per image)
     */
    public static MultiDataSet of(List<float[]> images, List<int[]> captions, int imageSize, int steps) {
        if (images.isEmpty() || captions.size() < images.size() || captions.size() % images.size() != 0) {
            throw new IllegalArgumentException(images.size() + " images but " + captions.size()
                    + " captions; every image needs the same number of captions");
        }
        int n = captions.size();
        int plane = 3 * imageSize * imageSize;
        float[] pixels = new float[images.size() * plane];
        float[] labels = new float[n * steps];
        float[] mask = new float[n * steps];
        for (int i = 0; i < images.size(); i++) {
            float[] img = images.get(i);
            if (img.length != plane) {
                throw new IllegalArgumentException("image " + i + " has " + img.length + " values, expected 3x"
                        + imageSize + "x" + imageSize);
            }
            System.arraycopy(img, 0, pixels, i * plane, plane);
        }
        for (int b = 0; b < n; b++) {
            int[] ids = captions.get(b);
            int len = Math.min(ids.length, steps - 1);
            for (int t = 0; t < len; t++) {
                labels[b * steps + t] = ids[t];
                mask[b * steps + t] = 1f;
            }
            labels[b * steps + len] = SpecialTokens.EOS;
            mask[b * steps + len] = 1f;
        }
        INDArray f = Nd4j.create(pixels, new long[] {images.size(), 3, imageSize, imageSize}, 'c');
        INDArray l = Nd4j.create(labels, new long[] {n, steps}, 'c');
        INDArray m = Nd4j.create(mask, new long[] {n, steps}, 'c');
        return new MultiDataSet(new INDArray[] {f.castTo(DataType.FLOAT)}, new INDArray[] {l},
                null, new INDArray[] {m});
    }
}
