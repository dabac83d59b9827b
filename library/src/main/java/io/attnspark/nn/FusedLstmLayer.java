package io.attnspark.nn;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * An LSTM layer over libnd4j's fused {@code lstmLayer} op (no peepholes, sigmoid gates, tanh cell and
 * output activations), with the masking contract of {@link FusedRecurrentLayer}.
 *
 * <p>Parameters (c order): {@value #PARAM_W} [nIn, 4 nOut], {@value #PARAM_RW} [nOut, 4 nOut],
 * {@value #PARAM_B} [1, 4 nOut]; the gate blocks of the 4 nOut columns are in libnd4j's order
 * input gate, forget gate, cell input, output gate (see the {@code GATE_} constants), unlike DL4J's
 * {@code LSTM} (cell input, forget, output, input gate). With z = x W + h_{t-1} RW + b:
 * {@code c_t = sigmoid(z_f) c_{t-1} + sigmoid(z_i) tanh(z_g)}, {@code h_t = sigmoid(z_o) tanh(c_t)}.
 * Weights are Xavier-initialised, the forget-gate bias starts at 1 (as DL4J's LSTM), the other biases at 0.
 */
public class FusedLstmLayer extends FusedRecurrentLayer {
    private static final long serialVersionUID = 1L;

    /** Index of each gate's block among the 4 blocks of nOut columns. */
    public static final int GATE_INPUT = 0;
    public static final int GATE_FORGET = 1;
    public static final int GATE_CELL = 2;
    public static final int GATE_OUTPUT = 3;
    /** Initial forget-gate bias. */
    public static final double FORGET_BIAS_INIT = 1.0;

    /** For JSON deserialisation. */
    public FusedLstmLayer() {
    }

    /** @param retain probability of keeping an input value under dropout in training (1 = no dropout) */
    public FusedLstmLayer(long nIn, long nOut, double retain) {
        super(nIn, nOut, retain);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(PARAM_W, nIn, 4 * nOut);
        params.addWeightParam(PARAM_RW, nOut, 4 * nOut);
        params.addBiasParam(PARAM_B, 1, 4 * nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        xavier(params.get(PARAM_W), nIn, 4 * nOut);
        xavier(params.get(PARAM_RW), nOut, 4 * nOut);
        INDArray b = params.get(PARAM_B);
        b.assign(0);
        b.get(NDArrayIndex.all(), NDArrayIndex.interval(GATE_FORGET * nOut, (GATE_FORGET + 1) * nOut))
                .assign(FORGET_BIAS_INIT);
    }

    @Override
    protected SDVariable recurrence(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        LSTMLayerConfig config = LSTMLayerConfig.builder()
                .lstmdataformat(LSTMDataFormat.NST)
                .directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH)
                .outAct(LSTMActivations.TANH)
                .retFullSequence(true)
                .retLastH(false)
                .retLastC(false)
                .build();
        LSTMLayerWeights weights = LSTMLayerWeights.builder()
                .weights(params.get(PARAM_W))
                .rWeights(params.get(PARAM_RW))
                .bias(params.get(PARAM_B).reshape(4 * nOut))
                .build();
        return sd.rnn().lstmLayer(input, weights, config)[0];                // [batch, nOut, time]
    }
}
