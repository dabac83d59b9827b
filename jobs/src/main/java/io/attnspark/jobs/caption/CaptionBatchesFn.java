package io.attnspark.jobs.caption;

import io.attnspark.nn.caption.CaptionBatch;
import io.attnspark.prep.captions.CaptionedImage;
import org.apache.spark.api.java.function.Function2;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * One partition of prepared images into training minibatches of exactly {@code batchSize} (image, caption)
 * examples (see {@link CaptionBatch}): every caption of every image is one example, shuffled with a seed of the
 * partition's own; the partition's last minibatch is topped up by repeating its first examples, since dl4j-spark
 * re-batches a partition whose minibatches differ in size.
 */
final class CaptionBatchesFn implements Function2<Integer, Iterator<CaptionedImage>, Iterator<MultiDataSet>> {
    private static final long serialVersionUID = 1L;
    private final int batchSize;
    private final int imageSize;
    private final int steps;
    private final long seed;

    CaptionBatchesFn(int batchSize, int imageSize, int steps, long seed) {
        this.batchSize = batchSize;
        this.imageSize = imageSize;
        this.steps = steps;
        this.seed = seed;
    }

    /** Examples of a partition of {@code examples} once topped up to whole minibatches. */
    static long padded(long examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize * batchSize;
    }

    @Override
    public Iterator<MultiDataSet> call(Integer partition, Iterator<CaptionedImage> images) {
        List<CaptionedImage> kept = new ArrayList<>();
        List<int[]> examples = new ArrayList<>();   // {image index, caption index}
        while (images.hasNext()) {
            CaptionedImage img = images.next();
            if (img.height() != imageSize || img.width() != imageSize || img.channels() != 3) {
                throw new IllegalArgumentException(img.image() + " is " + img.height() + "x" + img.width() + "x"
                        + img.channels() + ", the prepared data's images are " + imageSize + "x" + imageSize + "x3");
            }
            for (int c = 0; c < img.captionIds().length; c++) {
                examples.add(new int[] {kept.size(), c});
            }
            kept.add(img);
        }
        Collections.shuffle(examples, new Random(seed * 1_000_003L + partition));
        List<MultiDataSet> out = new ArrayList<>();
        for (int start = 0; start < examples.size(); start += batchSize) {
            List<float[]> pixels = new ArrayList<>(batchSize);
            List<int[]> captions = new ArrayList<>(batchSize);
            for (int k = 0; k < batchSize; k++) {
                int[] ex = examples.get(start + k < examples.size() ? start + k : k % examples.size());
                CaptionedImage img = kept.get(ex[0]);
                pixels.add(img.toChannelsFirst());
                captions.add(img.captionIds()[ex[1]]);
            }
            out.add(CaptionBatch.of(pixels, captions, imageSize, steps));
        }
        return out.iterator();
    }
}
