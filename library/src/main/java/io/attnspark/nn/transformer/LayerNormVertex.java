package io.attnspark.nn.transformer;

import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;
import java.util.Map;

/**
 * Layer norm over the d axis of [b, d, T] (gain {@code lng}, bias {@code lnb} [d]): the final norm of a pre-LN
 * encoder or decoder stack. Input {@value #INPUT}; output [b, d, T].
 */
public class LayerNormVertex extends TransformerVertex {
    private static final long serialVersionUID = 1L;
    public static final String INPUT = "in";

    /** For JSON deserialisation only. */
    public LayerNormVertex() {
    }

    public LayerNormVertex(int dModel) {
        super(dModel, 0.0, 0.0);
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT);
        params.addBiasParam(TransformerOps.PARAM_LN_GAIN, dModel);
        params.addBiasParam(TransformerOps.PARAM_LN_BIAS, dModel);
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> p,
                                   Map<String, SDVariable> maskVars) {
        return sd.nn.layerNorm(layerInput.get(INPUT), p.get(TransformerOps.PARAM_LN_GAIN),
                p.get(TransformerOps.PARAM_LN_BIAS), true, 1);
    }

    @Override
    public List<DropoutSite> dropoutSites(long[][] inputShapes) {
        return List.of();
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public LayerNormVertex clone() {
        return copyBase(new LayerNormVertex());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerNormVertex other && baseEquals(other);
    }

    @Override
    public int hashCode() {
        return 31 * dModel + 7;
    }

    @Override
    public String toString() {
        return "LayerNormVertex(d=" + dModel + ")";
    }
}
