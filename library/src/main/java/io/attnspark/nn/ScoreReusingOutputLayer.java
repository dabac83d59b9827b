package io.attnspark.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * An {@link RnnOutputLayer} (input [batch, nIn, time], labels [batch, 1, time] for a sparse loss, output
 * [batch, nOut, time]) whose training score reuses the pre-activations {@code z = x W + b} [batch * time, nOut]
 * of the backward pass instead of computing them again.
 *
 * <p>DL4J's {@code ComputationGraph} backpropagates through the output layer (one [rows, nIn] x [nIn, nOut]
 * product for {@code z}) and then asks the layer for its score, which computes the same product a second time:
 * with an 8000-word vocabulary that is a sixth of an RNN training step. Here the score of a training step is
 * taken on the {@code z} of its backward pass. Identical to DL4J when the layer has no input dropout; with
 * input dropout, the reported score is the loss of the dropped-out input that the gradient belongs to (DL4J
 * recomputed it on the input without this layer's dropout). Inference, {@code score(..., false)} and
 * per-example scores are DL4J's own code.
 */
public class ScoreReusingOutputLayer extends RnnOutputLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation only. */
    public ScoreReusingOutputLayer() {
    }

    /** The same layer configuration as {@code conf} (every field copied), with the score reuse. */
    public static ScoreReusingOutputLayer of(RnnOutputLayer conf) {
        ScoreReusingOutputLayer out = new ScoreReusingOutputLayer();
        for (Class<?> c = RnnOutputLayer.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                try {
                    f.set(out, f.get(conf));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy field " + f + " of the output layer", e);
                }
            }
        }
        return out;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        if (getNIn() <= 0 || getNOut() <= 0) {
            throw new IllegalStateException("output layer " + getLayerName() + ": nIn and nOut must be set, got "
                    + getNIn() + " and " + getNOut());
        }
        ScoreReusingOutputLayerImpl ret = new ScoreReusingOutputLayerImpl(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = DefaultParamInitializer.getInstance().init(conf, layerParamsView,
                initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }
}
