package io.attnspark.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * DL4J's {@link LSTM} whose forward pass honours the sequence mask.
 *
 * <p>In 1.0.0-M2 a ComputationGraph never hands a (unidirectional) LSTM its feature mask: the state
 * keeps running through padding, the outputs there are not zero, and backprop does not mask either.
 * This layer takes the mask as it is propagated, so DL4J's masked step (h and c zeroed at padded steps,
 * deltas zeroed there in backprop) runs. With right padding, which is all this project feeds it (the
 * backward encoder direction runs between two {@link ReverseSequenceVertex}), the whole-model gradient
 * check passes; after leading padding M2's masked backprop gets the block-input bias gradient wrong.
 * Same parameters, parameter layout and JSON form as {@link LSTM} (plus this class name).
 */
public class MaskedLstm extends LSTM {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    public MaskedLstm() {
    }

    /** A masked copy of the built {@code lstm} (every configuration field copied). */
    public static MaskedLstm of(LSTM lstm) {
        MaskedLstm m = new MaskedLstm();
        for (Class<?> c = LSTM.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(m, f.get(lstm));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy LSTM field " + f.getName(), e);
                }
            }
        }
        return m;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("LSTM", getLayerName(), layerIndex, getNIn(), getNOut());
        Impl ret = new Impl(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    /** The runtime layer: DL4J's LSTM that keeps the mask it is given during mask propagation. */
    static final class Impl extends org.deeplearning4j.nn.layers.recurrent.LSTM {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                              int minibatchSize) {
            setMaskArray(maskArray);
            return super.feedForwardMaskArray(maskArray, currentMaskState, minibatchSize);
        }
    }
}
