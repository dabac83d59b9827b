package io.attnspark.nn.transformer;

import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The position-wise feed-forward sub-layer {@code act(x W1 + b1) W2 + b2} (act ReLU or GELU), with residual and
 * norm (see {@link SublayerVertex}). Input {@value #INPUT} [b, d, T]; output [b, d, T]. Parameters: {@code W1}
 * [d, ffn], {@code b1} [ffn], {@code W2} [ffn, d], {@code b2} [d], {@code lng/lnb} [d].
 */
public class FeedForwardVertex extends SublayerVertex {
    private static final long serialVersionUID = 1L;
    public static final String INPUT = "in";

    /** For JSON deserialisation only. */
    public FeedForwardVertex() {
    }

    public FeedForwardVertex(TransformerConfig c) {
        super(c, 0.0);
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT);
        params.addWeightParam("W1", dModel, ffnSize);
        params.addBiasParam("b1", ffnSize);
        params.addWeightParam("W2", ffnSize, dModel);
        params.addBiasParam("b2", dModel);
        defineNorm(params);
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> p,
                                   Map<String, SDVariable> maskVars) {
        SDVariable x = layerInput.get(INPUT);
        SDVariable out = TransformerOps.feedForward(sd, TransformerOps.rows(input(sd, x, p), dModel), p, gelu);
        return residual(sd, x, out, p, TransformerOps.Dims.of(sd, x), site(sd, "drop_res", dropout, x.dataType()));
    }

    @Override
    public List<DropoutSite> dropoutSites(long[][] in) {
        List<DropoutSite> out = new ArrayList<>();
        addSite(out, "drop_res", dropout, in[0][0] * in[0][2], dModel);
        return out;
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
    public FeedForwardVertex clone() {
        return copySublayer(new FeedForwardVertex());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedForwardVertex other && sublayerEquals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    @Override
    public String toString() {
        return "FeedForwardVertex(" + describe() + ")";
    }
}
