package io.attnspark.nn.caption;

import io.attnspark.nn.AttentionMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HorizontalFlipTest {

    /** {@code x} with every image mirrored left to right, element by element. */
    private static INDArray mirroredByHand(INDArray x) {
        INDArray out = x.dup();
        long w = x.size(3);
        for (long i = 0; i < x.size(0); i++) {
            for (long c = 0; c < x.size(1); c++) {
                for (long h = 0; h < x.size(2); h++) {
                    for (long k = 0; k < w; k++) {
                        out.putScalar(new long[]{i, c, h, k}, x.getDouble(i, c, h, w - 1 - k));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void mirrorsExactlyTheImagesItDrew() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 400, 3, 4, 5);
        INDArray mirrored = mirroredByHand(x);
        assertEquals(mirrored, new HorizontalFlip(1.0).applyDropout(x, x.ulike(), 0, 0, null), "p = 1: all");
        assertEquals(x, new HorizontalFlip(0.0).applyDropout(x, x.ulike(), 0, 0, null), "p = 0: none");

        HorizontalFlip half = new HorizontalFlip(0.5);
        INDArray out = half.applyDropout(x, x.ulike(), 0, 0, null);
        boolean[] which = half.lastFlipped();
        int count = 0;
        for (int i = 0; i < 400; i++) {
            assertEquals(which[i] ? mirrored.slice(i) : x.slice(i), out.slice(i), "image " + i);
            count += which[i] ? 1 : 0;
        }
        assertTrue(count > 150 && count < 250, count + " of 400 mirrored at p = 0.5");
        INDArray again = half.applyDropout(x, x.ulike(), 1, 0, null);
        assertNotEquals(out, again, "every minibatch draws anew");
    }

    @Test
    void worksInPlaceAndMirrorsTheGradientOfTheSameImagesBack() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 16, 2, 3, 6);
        INDArray expected = x.dup();
        HorizontalFlip flip = new HorizontalFlip(0.5);
        INDArray inPlace = x.dup();
        INDArray out = flip.applyDropout(inPlace, inPlace, 0, 0, null);
        boolean[] which = flip.lastFlipped();
        INDArray mirrored = mirroredByHand(expected);
        for (int i = 0; i < 16; i++) {
            assertEquals(which[i] ? mirrored.slice(i) : expected.slice(i), out.slice(i), "image " + i);
        }
        INDArray grad = Nd4j.rand(DataType.DOUBLE, 16, 2, 3, 6);
        INDArray back = flip.backprop(grad, grad.ulike(), 0, 0);
        INDArray gradMirrored = mirroredByHand(grad);
        for (int i = 0; i < 16; i++) {
            assertEquals(which[i] ? gradMirrored.slice(i) : grad.slice(i), back.slice(i), "gradient " + i);
        }
        flip.clear();
        assertNull(flip.lastFlipped());
        assertThrows(IllegalStateException.class, () -> flip.backprop(grad, grad.ulike(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
    }

    @Test
    void theCaptionerMirrorsItsImagesInTrainingOnly() {
        CaptionConfig plain = new CaptionConfig(List.of(2, 3), false, 2, 3, 2, 0.0, 1.0, 3, AttentionMode.SOFT, 1, 1);
        CaptionConfig flipping = new CaptionConfig(List.of(2, 3), false, 2, 3, 2, 0.0, 1.0, 3, AttentionMode.SOFT, 1,
                1, 1.0);
        ComputationGraphConfiguration conf = CaptionModel.configuration(flipping, TinyCaptioner.IMAGE,
                TinyCaptioner.VOCAB, 12345, new NoOp(), 0, DataType.DOUBLE);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        ConvolutionLayer first = (ConvolutionLayer) ((LayerVertex) back.getVertices().get("conv_0")).getLayerConf()
                .getLayer();
        assertEquals(new HorizontalFlip(1.0), first.getIDropout(), "JSON keeps the flip on the first convolution");
        ConvolutionLayer second = (ConvolutionLayer) ((LayerVertex) back.getVertices().get("conv_1")).getLayerConf()
                .getLayer();
        assertNull(second.getIDropout());

        ComputationGraph withFlip = CaptionModel.newGraph(conf);
        ComputationGraph without = TinyCaptioner.graph(plain, DataType.DOUBLE);
        assertEquals(without.params(), withFlip.params(), "same seed, same parameters");
        INDArray images = Nd4j.rand(DataType.DOUBLE, 4, 3, TinyCaptioner.IMAGE, TinyCaptioner.IMAGE);
        INDArray mirrored = mirroredByHand(images);
        assertEquals(without.feedForward(images, false).get("relu_0"), withFlip.feedForward(images, false).get("relu_0"),
                "inference sees the images as they are");
        assertEquals(without.feedForward(mirrored, false).get("relu_0"),
                withFlip.feedForward(images, true).get("relu_0"), "training (p = 1) sees them mirrored");
        assertEquals(without.output(images)[0], withFlip.output(images)[0], "the grid at inference");
        withFlip.fit(TinyCaptioner.batch(TinyCaptioner.images(4, 3), TinyCaptioner.captions(new int[]{2, 3, 1, 3}, 4),
                flipping.steps(), DataType.DOUBLE));
        assertTrue(Double.isFinite(withFlip.score()), "a training step runs through the flip");
    }
}
