package io.attnspark.nn.transformer;

import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Token embeddings to Transformer input: {@code x sqrt(d) + P[t]} with P sinusoidal ({@link SinusoidalPositions})
 * or learned (parameter {@value #PARAM_POSITIONS} [maxPositions, d]), then dropout.
 *
 * <p>Input {@value #INPUT} [b, d, T] (the embedding layer's output) with mask [b, T]; output [b, d, T];
 * T must not exceed maxPositions.
 */
public class PositionalEncodingVertex extends TransformerVertex {
    private static final long serialVersionUID = 1L;
    public static final String INPUT = "in";
    public static final String PARAM_POSITIONS = "pos";

    private boolean learned;
    private int maxPositions;

    /** For JSON deserialisation only. */
    public PositionalEncodingVertex() {
    }

    public PositionalEncodingVertex(TransformerConfig c) {
        super(c.dModel(), c.dropout(), 0.0);
        this.learned = c.learnedPositions();
        this.maxPositions = c.maxPositions();
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs(INPUT);
        if (learned) {
            params.addWeightParam(PARAM_POSITIONS, maxPositions, dModel);
        }
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> layerInput, Map<String, SDVariable> p,
                                   Map<String, SDVariable> maskVars) {
        SDVariable x = layerInput.get(INPUT);
        DataType type = x.dataType();
        SDVariable ones = maskVars.get(INPUT).get(SDIndex.point(0), SDIndex.all()).mul(0.0).add(1.0);   // [T]
        SDVariable index = sd.cumsum(ones, true, false, 0).castTo(DataType.INT);                       // 0 .. T-1
        SDVariable table = learned ? p.get(PARAM_POSITIONS)
                : sd.constant(SinusoidalPositions.table(maxPositions, dModel, type));
        SDVariable positions = sd.gather(table, index, 0);                                              // [T, d]
        SDVariable y = x.permute(0, 2, 1).mul(Math.sqrt(dModel)).add(positions);                         // [b, T, d]
        y = TransformerOps.dropout(y, site(sd, "drop_emb", dropout, type));
        return y.permute(0, 2, 1);
    }

    @Override
    public List<DropoutSite> dropoutSites(long[][] in) {
        List<DropoutSite> out = new ArrayList<>();
        addSite(out, "drop_emb", dropout, in[0][0], in[0][2], dModel);
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
    public PositionalEncodingVertex clone() {
        PositionalEncodingVertex c = copyBase(new PositionalEncodingVertex());
        c.learned = learned;
        c.maxPositions = maxPositions;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositionalEncodingVertex other && baseEquals(other) && learned == other.learned
                && maxPositions == other.maxPositions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), dModel, learned, maxPositions);
    }

    @Override
    public String toString() {
        return "PositionalEncodingVertex(d=" + dModel + (learned ? ", learned" : ", sinusoidal") + ", max="
                + maxPositions + ", dropout=" + dropout + ")";
    }

    public boolean isLearned() {
        return learned;
    }

    public void setLearned(boolean learned) {
        this.learned = learned;
    }

    public int getMaxPositions() {
        return maxPositions;
    }

    public void setMaxPositions(int maxPositions) {
        this.maxPositions = maxPositions;
    }
}
