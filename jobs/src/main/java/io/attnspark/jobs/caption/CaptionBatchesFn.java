package io.attnspark.jobs.caption;

import io.attnspark.config.ConfigError;
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
 * One partition of prepared images into training minibatches of exactly {@code batchSize} captions (see
 * {@link CaptionBatch}), shuffled with a seed of the partition's own; the partition's last minibatch is topped up
 * by repeating its first examples, so that every minibatch has the same size.
 *
 * <p>With {@code perImage} = 1 every (image, caption) is one example. With k &gt; 1 an example is a group of k
 * captions of one image (its captions shuffled, then cut into groups of k, the last group filled up with the
 * image's first captions), and a minibatch holds batchSize / k images, each encoded once for its k captions.
 */
final class CaptionBatchesFn implements Function2<Integer, Iterator<CaptionedImage>, Iterator<MultiDataSet>> {
    private static final long serialVersionUID = 1L;
    private final int batchSize;
    private final int perImage;
    private final int imageSize;
    private final int steps;
    private final long seed;

    CaptionBatchesFn(int batchSize, int perImage, int imageSize, int steps, long seed) {
        if (perImage < 1 || batchSize % perImage != 0) {
            throw new ConfigError("train.batch-size", "train.batch-size=" + batchSize + " must be a multiple of "
                    + "model.caption.captions-per-image=" + perImage + " (a minibatch holds whole groups of captions)");
        }
        this.batchSize = batchSize;
        this.perImage = perImage;
        this.imageSize = imageSize;
        this.steps = steps;
        this.seed = seed;
    }

    /** Captions of a partition of {@code captions} (in groups) once topped up to whole minibatches. */
    static long padded(long captions, int batchSize) {
        return (captions + batchSize - 1) / batchSize * batchSize;
    }

    /** Caption slots an image of {@code captions} captions fills: whole groups of {@code perImage}. */
    static long slots(int captions, int perImage) {
        return (long) (captions + perImage - 1) / perImage * perImage;
    }

    @Override
    public Iterator<MultiDataSet> call(Integer partition, Iterator<CaptionedImage> images) {
        List<CaptionedImage> kept = new ArrayList<>();
        List<int[]> examples = new ArrayList<>();   // {image index, caption index, ...} (perImage captions)
        Random groups = new Random(seed * 1_000_033L + partition);
        while (images.hasNext()) {
            CaptionedImage img = images.next();
            if (img.height() != imageSize || img.width() != imageSize || img.channels() != 3) {
                throw new IllegalArgumentException(img.image() + " is " + img.height() + "x" + img.width() + "x"
                        + img.channels() + ", the prepared data's images are " + imageSize + "x" + imageSize + "x3");
            }
            int n = img.captionIds().length;
            if (perImage == 1) {
                for (int c = 0; c < n; c++) {
                    examples.add(new int[] {kept.size(), c});
                }
            } else if (n > 0) {
                List<Integer> order = new ArrayList<>();
                for (int c = 0; c < n; c++) {
                    order.add(c);
                }
                Collections.shuffle(order, groups);
                for (int from = 0; from < n; from += perImage) {
                    int[] group = new int[1 + perImage];
                    group[0] = kept.size();
                    for (int j = 0; j < perImage; j++) {
                        group[1 + j] = order.get((from + j) % n);
                    }
                    examples.add(group);
                }
            }
            kept.add(img);
        }
        Collections.shuffle(examples, new Random(seed * 1_000_003L + partition));
        int perBatch = batchSize / perImage;
        List<MultiDataSet> out = new ArrayList<>();
        for (int start = 0; start < examples.size(); start += perBatch) {
            List<float[]> pixels = new ArrayList<>(perBatch);
            List<int[]> captions = new ArrayList<>(batchSize);
            for (int k = 0; k < perBatch; k++) {
                int[] ex = examples.get(start + k < examples.size() ? start + k : k % examples.size());
                CaptionedImage img = kept.get(ex[0]);
                pixels.add(img.toChannelsFirst());
                for (int j = 1; j < ex.length; j++) {
                    captions.add(img.captionIds()[ex[j]]);
                }
            }
            out.add(CaptionBatch.of(pixels, captions, imageSize, steps));
        }
        return out.iterator();
    }
}
