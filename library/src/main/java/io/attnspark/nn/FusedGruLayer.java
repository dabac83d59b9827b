package io.attnspark.nn;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * A GRU layer (Cho et al. 2014) over libnd4j's fused {@code gru} op, with the masking contract of
 * {@link FusedRecurrentLayer}.
 *
 * <p>Parameters (c order): {@value #PARAM_W} [nIn, 3 nOut], {@value #PARAM_RW} [nOut, 3 nOut],
 * {@value #PARAM_B} [1, 3 nOut], gate blocks in the order reset, update, candidate. With
 * x W = [xr, xu, xc] and h_{t-1} RW = [hr, hu, hc]: {@code r = sigmoid(xr + hr + b_r)},
 * {@code u = sigmoid(xu + hu + b_u)}, {@code c = tanh(xc + b_c + r hc)} (libnd4j 1.0.0-M2 applies the reset
 * gate after the recurrent product), {@code h_t = u h_{t-1} + (1 - u) c}. Weights Xavier-initialised, biases 0.
 */
public class FusedGruLayer extends FusedRecurrentLayer {
    private static final long serialVersionUID = 1L;

    public static final int GATE_RESET = 0;
    public static final int GATE_UPDATE = 1;
    public static final int GATE_CANDIDATE = 2;

    /** For JSON deserialisation. */
    public FusedGruLayer() {
    }

    /** @param retain probability of keeping an input value under dropout in training (1 = no dropout) */
    public FusedGruLayer(long nIn, long nOut, double retain) {
        super(nIn, nOut, retain);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(PARAM_W, nIn, 3 * nOut);
        params.addWeightParam(PARAM_RW, nOut, 3 * nOut);
        params.addBiasParam(PARAM_B, 1, 3 * nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        xavier(params.get(PARAM_W), nIn, 3 * nOut);
        xavier(params.get(PARAM_RW), nOut, 3 * nOut);
        params.get(PARAM_B).assign(0);
    }

    @Override
    protected SDVariable recurrence(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable x = input.permute(2, 0, 1);                                   // [time, batch, nIn]
        // zero initial state [batch, nOut]: the op needs one, and its batch size is only known at run time
        SDVariable firstMask = mask.get(SDIndex.all(), SDIndex.interval(0, 1)).castTo(input.dataType());
        SDVariable h0 = firstMask.mmul(sd.constant(Nd4j.zeros(input.dataType(), 1, nOut)));
        SDVariable h = sd.rnn().gru(x, h0, params.get(PARAM_W), params.get(PARAM_RW),
                params.get(PARAM_B).reshape(3 * nOut));                          // [time, batch, nOut]
        return h.permute(1, 2, 0);                                               // [batch, nOut, time]
    }
}
