package io.attnspark.nn.transformer;

import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.attnspark.nn.transformer.TransformerOps.Dims;

/**
 * Multi-head encoder-decoder attention sub-layer (with residual and norm, see {@link SublayerVertex}): decoder
 * queries over the unpadded encoder positions.
 *
 * <p>Inputs, in order: {@value #INPUT_DEC} [b, d, T] with mask [b, T] and {@value #INPUT_ENC} (the encoder's
 * output) [b, d, S] with mask [b, S]; output [b, d, T]. Parameters: {@code Wq} [d, d], {@code bq} [d],
 * {@code Wkv} [d, 2d] and {@code bkv} [2d] (keys and values side by side), {@code Wo} [d, d], {@code bo} [d],
 * {@code lng/lnb} [d] (the norm applies to the decoder side only).
 */
public class CrossAttentionVertex extends SublayerVertex {
    private static final long serialVersionUID = 1L;
    public static final String INPUT_DEC = "dec";
    public static final String INPUT_ENC = "enc";

    /** For JSON deserialisation only. */
    public CrossAttentionVertex() {
    }

    public CrossAttentionVertex(TransformerConfig c) {
        super(c, c.attentionDropout());
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT_DEC, INPUT_ENC);
        params.addWeightParam("Wq", dModel, dModel);
        params.addBiasParam("bq", dModel);
        params.addWeightParam("Wkv", dModel, 2L * dModel);
        params.addBiasParam("bkv", 2L * dModel);
        params.addWeightParam("Wo", dModel, dModel);
        params.addBiasParam("bo", dModel);
        defineNorm(params);
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> p,
                                   Map<String, SDVariable> maskVars) {
        SDVariable x = layerInput.get(INPUT_DEC);
        SDVariable enc = layerInput.get(INPUT_ENC);
        Dims dims = Dims.of(sd, x);
        Dims encDims = Dims.of(sd, enc);
        long d = dModel;
        long dk = d / heads;
        SDVariable q = TransformerOps.splitHeads(sd, project(input(sd, x, p), p.get("Wq"), p.get("bq"), 0, d),
                dims, heads, dk);
        SDVariable k = TransformerOps.splitHeads(sd, project(enc, p.get("Wkv"), p.get("bkv"), 0, d), encDims, heads, dk);
        SDVariable v = TransformerOps.splitHeads(sd, project(enc, p.get("Wkv"), p.get("bkv"), d, 2 * d), encDims, heads, dk);
        SDVariable att = TransformerOps.attention(sd, q, k, v, TransformerOps.keyBias(sd, maskVars.get(INPUT_ENC)),
                dims, encDims, heads, dk, site(sd, "drop_att", attentionDropout, x.dataType()));
        SDVariable out = TransformerOps.linear(TransformerOps.mergeHeads(sd, att, dims, heads, dk), p.get("Wo"), p.get("bo"));
        return residual(sd, x, out, p, dims, site(sd, "drop_res", dropout, x.dataType()));
    }

    @Override
    public List<DropoutSite> dropoutSites(long[][] in) {
        long b = in[0][0];
        long t = in[0][2];
        List<DropoutSite> out = new ArrayList<>();
        addSite(out, "drop_att", attentionDropout, b * heads, t, in[1][2]);
        addSite(out, "drop_res", dropout, b * t, dModel);
        return out;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public CrossAttentionVertex clone() {
        return copySublayer(new CrossAttentionVertex());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrossAttentionVertex other && sublayerEquals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    @Override
    public String toString() {
        return "CrossAttentionVertex(" + describe() + ")";
    }
}
