package io.attnspark.nn.transformer;

import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.attnspark.nn.transformer.TransformerOps.Dims;

/**
 * Multi-head self-attention sub-layer (with residual and norm, see {@link SublayerVertex}). Encoder: every
 * unpadded position, or only those within +-window. Decoder ({@code causal}): positions up to the query's own,
 * or only its window previous ones.
 *
 * <p>Input {@value #INPUT} [b, d, T] with mask [b, T]; output [b, d, T]. Parameters: {@code Wqkv} [d, 3d] and
 * {@code bqkv} [3d] (queries, keys, values side by side), {@code Wo} [d, d], {@code bo} [d], {@code lng/lnb} [d].
 * All heads go through one batched product per step of the attention.
 */
public class SelfAttentionVertex extends SublayerVertex {
    private static final long serialVersionUID = 1L;
    public static final String INPUT = "in";

    private boolean causal;

    /** For JSON deserialisation only. */
    public SelfAttentionVertex() {
    }

    public SelfAttentionVertex(TransformerConfig c, boolean causal) {
        super(c, c.attentionDropout());
        this.causal = causal;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT);
        params.addWeightParam("Wqkv", dModel, 3L * dModel);
        params.addBiasParam("bqkv", 3L * dModel);
        params.addWeightParam("Wo", dModel, dModel);
        params.addBiasParam("bo", dModel);
        defineNorm(params);
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> p,
                                   Map<String, SDVariable> maskVars) {
        SDVariable x = layerInput.get(INPUT);
        SDVariable mask = maskVars.get(INPUT);
        Dims dims = Dims.of(sd, x);
        long d = dModel;
        long dk = d / heads;
        SDVariable bias;
        if (causal) {
            bias = TransformerOps.selfBias(sd, mask, window > 0 ? window : -1, 0, false);
        } else if (window > 0) {
            bias = TransformerOps.selfBias(sd, mask, window, window, true);
        } else {
            bias = TransformerOps.keyBias(sd, mask);
        }
        SDVariable a = input(sd, x, p);
        SDVariable w = p.get("Wqkv");
        SDVariable b = p.get("bqkv");
        SDVariable q = TransformerOps.splitHeads(sd, project(a, w, b, 0, d), dims, heads, dk);
        SDVariable k = TransformerOps.splitHeads(sd, project(a, w, b, d, 2 * d), dims, heads, dk);
        SDVariable v = TransformerOps.splitHeads(sd, project(a, w, b, 2 * d, 3 * d), dims, heads, dk);
        SDVariable att = TransformerOps.attention(sd, q, k, v, bias, dims, dims, heads, dk,
                site(sd, "drop_att", attentionDropout, x.dataType()));
        SDVariable out = TransformerOps.linear(TransformerOps.mergeHeads(sd, att, dims, heads, dk), p.get("Wo"), p.get("bo"));
        return residual(sd, x, out, p, dims, site(sd, "drop_res", dropout, x.dataType()));
    }

    @Override
    public List<DropoutSite> dropoutSites(long[][] in) {
        long b = in[0][0];
        long t = in[0][2];
        List<DropoutSite> out = new ArrayList<>();
        addSite(out, "drop_att", attentionDropout, b * heads, t, t);
        addSite(out, "drop_res", dropout, b * t, dModel);
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
    public SelfAttentionVertex clone() {
        SelfAttentionVertex c = copySublayer(new SelfAttentionVertex());
        c.causal = causal;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SelfAttentionVertex other && sublayerEquals(other) && causal == other.causal;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + Boolean.hashCode(causal);
    }

    @Override
    public String toString() {
        return "SelfAttentionVertex(" + describe() + (causal ? ", causal" : "") + ")";
    }

    public boolean isCausal() {
        return causal;
    }

    public void setCausal(boolean causal) {
        this.causal = causal;
    }
}
