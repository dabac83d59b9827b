package io.attnspark.nn.caption;

import io.attnspark.testing.DoublePrecision;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * k captions per image: a minibatch of b images with k captions each (the encoder runs b times) trains exactly as
 * the same k b (image, caption) examples with every image repeated k times (the encoder runs k b times).
 */
@ExtendWith(DoublePrecision.class)
class CaptionGroupingTest {
    private static final int K = 3;

    private static ComputationGraph graph(CaptionConfig c, IUpdater updater, double clip) {
        return CaptionModel.newGraph(CaptionModel.configuration(c, TinyCaptioner.IMAGE, TinyCaptioner.VOCAB, 12345,
                updater, clip, DataType.DOUBLE));
    }

    private static List<float[]> repeated(List<float[]> images, int k) {
        List<float[]> out = new ArrayList<>();
        for (float[] img : images) {
            for (int j = 0; j < k; j++) {
                out.add(img);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "batchNorm={0} lambda={1} clip={2} adam={3}")
    @CsvSource({"false, 0.0, 0.0, false", "true, 1.0, 0.0, false", "true, 1.0, 0.5, true"})
    void groupedCaptionsTrainAsRepeatedImages(boolean batchNorm, double lambda, double clip, boolean adam) {
        CaptionConfig c = TinyCaptioner.config(batchNorm, lambda);
        List<float[]> images = TinyCaptioner.images(2, 7);
        List<int[]> captions = TinyCaptioner.captions(new int[] {3, 1, 2, 2, 3, 0}, 8);
        MultiDataSet grouped = TinyCaptioner.batch(images, captions, c.steps(), DataType.DOUBLE);
        MultiDataSet flat = TinyCaptioner.batch(repeated(images, K), captions, c.steps(), DataType.DOUBLE);
        assertArrayEquals(new long[] {2, 3, TinyCaptioner.IMAGE, TinyCaptioner.IMAGE}, grouped.getFeatures(0).shape());
        assertArrayEquals(new long[] {6, c.steps()}, grouped.getLabels(0).shape());

        ComputationGraph g = graph(c, adam ? new Adam(0.05) : new Sgd(0.5), clip);
        ComputationGraph f = graph(c, adam ? new Adam(0.05) : new Sgd(0.5), clip);
        assertEquals(f.params(), g.params());
        assertEquals(f.score(flat, false), g.score(grouped, false), 1e-12, "the loss per caption");
        for (int step = 0; step < 3; step++) {
            g.fit(grouped);
            f.fit(flat);
            assertEquals(f.score(), g.score(), 1e-10, "the training score of step " + step);
            INDArray diff = g.params().sub(f.params());
            assertTrue(diff.norm2Number().doubleValue() < 1e-10 * f.params().norm2Number().doubleValue(),
                    "parameters differ after step " + step + " by " + diff.norm2Number());
        }
        assertTrue(g.params().sub(graph(c, new Sgd(0.5), clip).params()).norm2Number().doubleValue() > 1e-3,
                "training moved the parameters");
    }

    @Test
    void captionsMustComeInEqualGroups() {
        CaptionConfig c = TinyCaptioner.config(false, 0.0);
        List<float[]> images = TinyCaptioner.images(2, 7);
        List<int[]> five = TinyCaptioner.captions(new int[] {3, 1, 2, 2, 3}, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaptionBatch.of(images, five, TinyCaptioner.IMAGE, c.steps()));
        assertTrue(e.getMessage().contains("2 images but 5 captions"), e.getMessage());
        ComputationGraph g = graph(c, new Sgd(0.1), 0);
        MultiDataSet ok = TinyCaptioner.batch(images, TinyCaptioner.captions(new int[] {1, 2, 3, 1}, 9), c.steps(),
                DataType.DOUBLE);
        MultiDataSet bad = new MultiDataSet(ok.getFeatures(),
                new INDArray[] {ok.getLabels(0).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup()});
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> g.fit(bad));
        assertTrue(e2.getMessage().contains("3 captions for 2 images"), e2.getMessage());
    }

    @Test
    void repeatRowsRepeatsEachImageInARow() {
        INDArray grid = org.nd4j.linalg.factory.Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(2, 3, 1, 2);
        INDArray r = ShowAttendTellRuntime.repeatRows(grid, 2);
        assertArrayEquals(new long[] {4, 3, 1, 2}, r.shape());
        for (int i = 0; i < 4; i++) {
            assertEquals(grid.slice(i / 2), r.slice(i));
        }
    }
}
