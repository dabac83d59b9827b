package io.attnspark.nn.transformer;

import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

import static io.attnspark.nn.transformer.TransformerOps.Dims;

/**
 * A Transformer sub-layer with its residual connection: {@code x + dropout(f(LN(x)))} for pre-LN,
 * {@code LN(x + dropout(f(x)))} for post-LN, where f is self-attention, cross-attention or the feed-forward
 * network. Input and output [b, dModel, T]; the layer norm has gain {@code lng} and bias {@code lnb} [d].
 * Fields shared by all sub-layers (heads, sizes, norm placement, activation, window) live here.
 */
public abstract class SublayerVertex extends TransformerVertex {
    private static final long serialVersionUID = 1L;

    protected int heads;
    protected int ffnSize;
    protected boolean preNorm;
    protected boolean gelu;
    protected int window;

    protected SublayerVertex() {
    }

    protected SublayerVertex(TransformerConfig c, double attentionDropout) {
        super(c.dModel(), c.dropout(), attentionDropout);
        this.heads = c.heads();
        this.ffnSize = c.ffnSize();
        this.preNorm = c.preNorm();
        this.gelu = c.gelu();
        this.window = c.window();
    }

    /**
     * The hand-written runtime ({@link SublayerRuntime}), or with {@code -Dattnspark.transformer.samediff=true} the
     * SameDiff one of every Transformer vertex.
     */
    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(org.deeplearning4j.nn.graph.ComputationGraph graph,
                                                                      String name, int idx,
                                                                      org.nd4j.linalg.api.ndarray.INDArray paramsView,
                                                                      boolean initializeParams,
                                                                      org.nd4j.linalg.api.buffer.DataType networkDatatype) {
        if (Boolean.getBoolean(SublayerRuntime.SAMEDIFF_PROPERTY)) {
            return super.instantiate(graph, name, idx, paramsView, initializeParams, networkDatatype);
        }
        setName(name);
        return new SublayerRuntime(this, graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    protected void defineNorm(SDVertexParams params) {
        params.addBiasParam(TransformerOps.PARAM_LN_GAIN, dModel);
        params.addBiasParam(TransformerOps.PARAM_LN_BIAS, dModel);
    }

    /** The sub-layer's input [b, d, T]: LN(x) over the d axis for pre-LN, else x itself. */
    protected SDVariable input(SameDiff sd, SDVariable x, Map<String, SDVariable> p) {
        return preNorm ? sd.nn.layerNorm(x, p.get(TransformerOps.PARAM_LN_GAIN), p.get(TransformerOps.PARAM_LN_BIAS),
                true, 1) : x;
    }

    /** The residual connection around the sub-layer's output rows [b*T, d], back in [b, d, T]. */
    protected SDVariable residual(SameDiff sd, SDVariable x, SDVariable out, Map<String, SDVariable> p, Dims dims,
                                  SDVariable drop) {
        SDVariable sum = TransformerOps.rows(x, dModel).add(TransformerOps.dropout(out, drop));
        if (!preNorm) {
            sum = TransformerOps.layerNorm(sd, sum, p);
        }
        return TransformerOps.unrows(sd, sum, dims, dModel);
    }

    /** {@code rows(a) W[:, from:to] + b[from:to]}: one of the projections of a fused weight, as rows [N, to - from]. */
    protected SDVariable project(SDVariable a, SDVariable w, SDVariable b, long from, long to) {
        return TransformerOps.linear(TransformerOps.rows(a, dModel), TransformerOps.columns(w, from, to),
                TransformerOps.entries(b, from, to));
    }

    protected <T extends SublayerVertex> T copySublayer(T c) {
        copyBase(c);
        c.heads = heads;
        c.ffnSize = ffnSize;
        c.preNorm = preNorm;
        c.gelu = gelu;
        c.window = window;
        return c;
    }

    protected boolean sublayerEquals(SublayerVertex o) {
        return baseEquals(o) && heads == o.heads && ffnSize == o.ffnSize && preNorm == o.preNorm && gelu == o.gelu
                && window == o.window;
    }

    protected String describe() {
        return "d=" + dModel + ", heads=" + heads + ", ffn=" + ffnSize + (preNorm ? ", pre-LN" : ", post-LN")
                + (gelu ? ", gelu" : ", relu") + (window > 0 ? ", window=" + window : "")
                + ", dropout=" + dropout + "/" + attentionDropout;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(getClass(), dModel, heads, ffnSize, preNorm, gelu, window);
    }

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    public int getFfnSize() {
        return ffnSize;
    }

    public void setFfnSize(int ffnSize) {
        this.ffnSize = ffnSize;
    }

    public boolean isPreNorm() {
        return preNorm;
    }

    public void setPreNorm(boolean preNorm) {
        this.preNorm = preNorm;
    }

    public boolean isGelu() {
        return gelu;
    }

    public void setGelu(boolean gelu) {
        this.gelu = gelu;
    }

    public int getWindow() {
        return window;
    }

    public void setWindow(int window) {
        this.window = window;
    }
}
