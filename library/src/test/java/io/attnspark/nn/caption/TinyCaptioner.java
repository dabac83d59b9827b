package io.attnspark.nn.caption;

import io.attnspark.nn.AttentionMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Tiny captioners and random images with captions for the tests. */
final class TinyCaptioner {
    static final int IMAGE = 8;
    static final int VOCAB = 9;

    private TinyCaptioner() {
    }

    /** Two blocks (grid 2x2), hidden 3, attention 2, embedding 2, 4 steps. */
    static CaptionConfig config(boolean batchNorm, double lambda) {
        return config(batchNorm, lambda, 1);
    }

    /** The same with {@code convsPerBlock} convolutions in each of the two blocks. */
    static CaptionConfig config(boolean batchNorm, double lambda, int convsPerBlock) {
        return new CaptionConfig(List.of(2, 3), batchNorm, 2, 3, 2, 0.0, lambda, 3, AttentionMode.SOFT, 1,
                convsPerBlock);
    }

    static ComputationGraph graph(CaptionConfig c, DataType type) {
        return CaptionModel.newGraph(CaptionModel.configuration(c, IMAGE, VOCAB, 12345, new NoOp(), 0, type));
    }

    static List<float[]> images(int n, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] img = new float[3 * IMAGE * IMAGE];
            for (int j = 0; j < img.length; j++) {
                img[j] = r.nextFloat();
            }
            out.add(img);
        }
        return out;
    }

    /** Captions of the given lengths with word ids 4..VOCAB-1. */
    static List<int[]> captions(int[] lengths, long seed) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int len : lengths) {
            int[] c = new int[len];
            for (int t = 0; t < len; t++) {
                c[t] = 4 + r.nextInt(VOCAB - 4);
            }
            out.add(c);
        }
        return out;
    }

    static MultiDataSet batch(List<float[]> images, List<int[]> captions, int steps, DataType type) {
        MultiDataSet m = CaptionBatch.of(images, captions, IMAGE, steps);
        return new MultiDataSet(new INDArray[] {m.getFeatures(0).castTo(type)},
                new INDArray[] {m.getLabels(0).castTo(type)}, null,
                new INDArray[] {m.getLabelsMaskArray(0).castTo(type)});
    }

    static INDArray imageArray(List<float[]> images, DataType type) {
        return batch(images, captions(new int[images.size()], 0), 2, type).getFeatures(0);
    }

    static {
        Nd4j.getRandom().setSeed(1);
    }
}
