package io.attnspark.nn;

import io.attnspark.decode.RecurrentCell;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forward pass of the fused layers against the step-wise cells the decoder uses (same parameters, gate
 * order and formulas), the masking contract, dropout, and clone() / JSON of the configurations.
 */
class FusedRecurrentLayerTest {
    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void fusedOutputEqualsStepwiseCellsAndIsZeroOnPadding(String cell) {
        int batch = 3;
        int nIn = 4;
        int hidden = 5;
        int time = 6;
        ComputationGraph graph = new ComputationGraph(FusedRecurrentLayerGradientTest.stack(cell, nIn, hidden, 2, 1.0,
                DataType.FLOAT));
        graph.init();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, nIn, time).subi(0.5).muli(2);
        int[] lengths = {6, 3, 1};
        INDArray mask = GlobalAttentionVertexGradientTest.lengths(lengths, time).castTo(DataType.FLOAT);
        INDArray out = graph.output(List.of("rnn_0"), false, new INDArray[] {x}, new INDArray[] {mask})[0];
        assertEquals(List.of((long) batch, (long) hidden, (long) time), List.of(out.size(0), out.size(1), out.size(2)));
        // the training forward pass (the LSTM's own, which keeps its gates for the backward pass) gives the same
        graph.setLayerMaskArrays(new INDArray[] {mask}, null);
        INDArray trained = graph.feedForward(new INDArray[] {x}, true).get("rnn_0");
        graph.clearLayerMaskArrays();
        assertTrue(trained.equalsWithEps(out, 1e-5), cell + ": training output " + trained + " vs " + out);

        RecurrentCell step = RecurrentCell.of(graph.getLayer("rnn_0").conf().getLayer(), graph.getLayer("rnn_0"));
        INDArray h = Nd4j.zeros(DataType.FLOAT, batch, hidden);
        INDArray c = step.hasCellState() ? Nd4j.zeros(DataType.FLOAT, batch, hidden) : null;
        for (int t = 0; t < time; t++) {
            INDArray[] hc = step.step(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)), h, c);
            h = hc[0];
            c = hc[1];
            for (int b = 0; b < batch; b++) {
                INDArray got = out.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(t));
                if (t < lengths[b]) {
                    assertTrue(got.equalsWithEps(h.getRow(b), 1e-5), cell + " b=" + b + " t=" + t + ": " + got + " vs " + h.getRow(b));
                } else {
                    assertEquals(0.0, got.amaxNumber().doubleValue(), 0.0, "padded output b=" + b + " t=" + t);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void dropoutAppliesInTrainingOnly(String cell) {
        ComputationGraph graph = new ComputationGraph(FusedRecurrentLayerGradientTest.stack(cell, 8, 6, 2, 0.5,
                DataType.FLOAT));
        graph.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 5);
        INDArray test1 = graph.output(List.of("rnn_0"), false, new INDArray[] {x}, null)[0];
        INDArray test2 = graph.output(List.of("rnn_0"), false, new INDArray[] {x}, null)[0];
        assertEquals(test1, test2);
        INDArray train = graph.feedForward(new INDArray[] {x}, true).get("rnn_0");
        assertNotEquals(test1, train);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void cloneAndJsonKeepTheWholeConfiguration(String cell) {
        ComputationGraphConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .updater(new Adam(0.01)).graphBuilder()
                .addInputs("in").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(3))
                .addLayer("rnn_0", FusedRecurrentLayerGradientTest.layer(cell, 3, 4, 0.8), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nIn(4).nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "rnn_0")
                .setOutputs("out").build();
        Layer original = ((LayerVertex) conf.getVertices().get("rnn_0")).getLayerConf().getLayer();
        FusedRecurrentLayer layer = (FusedRecurrentLayer) original;
        FusedRecurrentLayer copy = layer.clone();
        assertNotSame(layer, copy);
        assertEquals(layer, copy);
        assertNotNull(copy.getUpdater(), "clone() lost the updater");
        assertNotNull(copy.getIDropout(), "clone() lost the dropout");
        assertNotSame(layer.getIDropout(), copy.getIDropout(), "clone() shares the stateful dropout");
        assertEquals(layer.getIDropout(), copy.getIDropout());
        assertNotSame(layer.getUpdater(), copy.getUpdater());
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf.toJson(), back.toJson());
        assertEquals(FusedRecurrentLayerGradientTest.layer(cell, 3, 4, 0.8).getClass(),
                ((LayerVertex) back.getVertices().get("rnn_0")).getLayerConf().getLayer().getClass());
        ComputationGraphConfiguration cloned = conf.clone();
        assertEquals(conf.toJson(), cloned.toJson());
        ComputationGraph graph = new ComputationGraph(cloned);
        graph.init();
        assertEquals(3 * 4 * (cell.equals("gru") ? 3 : 4) + 4 * 4 * (cell.equals("gru") ? 3 : 4)
                + 4 * (cell.equals("gru") ? 3 : 4), graph.getLayer("rnn_0").numParams());
    }
}
