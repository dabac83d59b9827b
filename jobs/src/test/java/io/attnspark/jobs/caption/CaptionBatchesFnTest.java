package io.attnspark.jobs.caption;

import io.attnspark.nn.SpecialTokens;
import io.attnspark.prep.captions.CaptionedImage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Minibatches of a partition: one example per (image, caption), or groups of k captions per image with each image
 * once in the features; every caption is trained on, groups are filled from the image's own captions, every
 * minibatch has exactly batch-size captions, and the counts the job prints agree with the minibatches.
 */
class CaptionBatchesFnTest {
    private static final int SIZE = 2;
    private static final int STEPS = 4;

    /** Image i is filled with the value i / 100; caption j of image i is the single word 4 + 10 i + j. */
    private static List<CaptionedImage> images(int... captionCounts) {
        List<CaptionedImage> out = new ArrayList<>();
        for (int i = 0; i < captionCounts.length; i++) {
            byte[] pixels = new byte[SIZE * SIZE * 3];
            java.util.Arrays.fill(pixels, (byte) i);
            int[][] ids = new int[captionCounts[i]][];
            List<String> text = new ArrayList<>();
            for (int j = 0; j < ids.length; j++) {
                ids[j] = new int[] {4 + 10 * i + j};
                text.add("w" + ids[j][0]);
            }
            out.add(new CaptionedImage("img" + i + ".png", SIZE, SIZE, 3, pixels, text, ids));
        }
        return out;
    }

    private static List<MultiDataSet> batches(CaptionBatchesFn fn, List<CaptionedImage> images) {
        List<MultiDataSet> out = new ArrayList<>();
        Iterator<MultiDataSet> it = fn.call(0, images.iterator());
        it.forEachRemaining(out::add);
        return out;
    }

    /** The image (by its pixel value) of every feature row. */
    private static int imageOf(INDArray features, int row) {
        return Math.round(features.getFloat(row, 0, 0, 0) * 255f);
    }

    @Test
    void groupsHoldKCaptionsOfOneImageEachImageOnce() {
        List<CaptionedImage> images = images(3, 3, 3, 3, 2);   // the last image fills its group with a repeat
        List<MultiDataSet> out = batches(new CaptionBatchesFn(6, 3, SIZE, STEPS, 1), images);
        long slots = 0;
        for (CaptionedImage img : images) {
            slots += CaptionBatchesFn.slots(img.captionIds().length, 3);
        }
        assertEquals(15, slots);
        assertEquals(CaptionBatchesFn.padded(slots, 6) / 6, out.size());
        Map<Integer, Integer> seen = new HashMap<>();
        for (MultiDataSet b : out) {
            INDArray f = b.getFeatures(0);
            INDArray l = b.getLabels(0);
            assertArrayEquals(new long[] {2, 3, SIZE, SIZE}, f.shape());
            assertArrayEquals(new long[] {6, STEPS}, l.shape());
            for (int r = 0; r < 6; r++) {
                int image = imageOf(f, r / 3);
                int word = l.getInt(r, 0);
                assertEquals(image, (word - 4) / 10, "caption row " + r + " belongs to the image of feature row " + r / 3);
                assertEquals(SpecialTokens.EOS, l.getInt(r, 1));
                seen.merge(word, 1, Integer::sum);
            }
        }
        for (int i = 0; i < images.size(); i++) {
            for (int j = 0; j < images.get(i).captionIds().length; j++) {
                assertTrue(seen.getOrDefault(4 + 10 * i + j, 0) >= 1, "caption " + j + " of image " + i + " trained");
            }
        }
        assertEquals(18, seen.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void oneCaptionPerExampleKeepsEveryPairOnItsOwn() {
        List<CaptionedImage> images = images(3, 3, 1);
        List<MultiDataSet> out = batches(new CaptionBatchesFn(4, 1, SIZE, STEPS, 1), images);
        assertEquals(2, out.size());
        int rows = 0;
        for (MultiDataSet b : out) {
            assertEquals(4, b.getFeatures(0).size(0));
            assertEquals(4, b.getLabels(0).size(0));
            for (int r = 0; r < 4; r++) {
                assertEquals(imageOf(b.getFeatures(0), r), (b.getLabels(0).getInt(r, 0) - 4) / 10);
            }
            rows += 4;
        }
        assertEquals(8, rows);
    }

    @Test
    void batchSizeMustHoldWholeGroups() {
        io.attnspark.config.ConfigError e = assertThrows(io.attnspark.config.ConfigError.class,
                () -> new CaptionBatchesFn(16, 5, SIZE, STEPS, 1));
        assertTrue(e.getMessage().contains("train.batch-size=16"), e.getMessage());
    }

    @Test
    void countsAgreeWithTheMinibatches() {
        List<CaptionedImage> images = images(5, 4, 6);
        long[] counts = new CaptionCountFn(5).call(images.iterator()).next();
        assertEquals(15, counts[0]);
        assertEquals(20, counts[1]);
        List<MultiDataSet> out = batches(new CaptionBatchesFn(10, 5, SIZE, STEPS, 3), images);
        assertEquals(CaptionBatchesFn.padded(counts[1], 10) / 10, out.size());
    }
}
