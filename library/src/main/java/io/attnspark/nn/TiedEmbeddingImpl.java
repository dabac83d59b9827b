package io.attnspark.nn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/** The runtime side of {@link TiedEmbeddingVertex}: a row gather forward, a scatter-add into the output's gradient. */
final class TiedEmbeddingImpl extends ParameterlessVertexImpl {
    private static final int[] ROWS = {1};

    private final TiedEmbeddingVertex conf;
    private final int maskIndex;
    private int[] tokens;

    TiedEmbeddingImpl(ComputationGraph graph, String name, int vertexIndex, TiedEmbeddingVertex conf,
                      DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.conf = conf;
        List<String> in = graph.getConfiguration().getVertexInputs().get(name);
        this.maskIndex = in == null || in.size() != 1 ? -1
                : graph.getConfiguration().getNetworkInputs().indexOf(in.get(0));
        if (maskIndex < 0) {
            throw new IllegalArgumentException("tied embedding " + name + ": its input must be one network input of "
                    + graph.getConfiguration().getNetworkInputs() + ", got " + in);
        }
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray in = inputs[0];
        if (!(in.rank() == 2 || (in.rank() == 3 && in.size(1) == 1))) {
            throw new IllegalStateException("tied embedding " + getVertexName() + ": token ids must be [batch, time] or"
                    + " [batch, 1, time], got " + Arrays.toString(in.shape()));
        }
        long b = in.size(0);
        long t = in.size(in.rank() - 1);
        tokens = in.dup('c').data().asInt();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= conf.getVocabSize()) {
                throw new IllegalStateException("tied embedding " + getVertexName() + ": token id " + tokens[i]
                        + " at entry " + i + " is outside [0, " + conf.getVocabSize() + ")");
            }
        }
        INDArray rows = Nd4j.pullRows(conf.table(graph), 1, tokens);                  // [b*t, size]
        INDArray out = rows.reshape('c', b, t, conf.getSize()).permute(0, 2, 1);     // [b, size, t]
        INDArray mask = mask();
        if (mask != null) {
            out.muli(mask.castTo(out.dataType()).reshape(b, 1, t));
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (tokens == null) {
            throw new IllegalStateException("tied embedding " + getVertexName() + ": backward before forward");
        }
        long b = epsilon.size(0);
        long t = epsilon.size(2);
        INDArray delta = epsilon.permute(0, 2, 1).dup('c').reshape('c', b * t, conf.getSize());   // [b*t, size]
        INDArray mask = mask();
        if (mask != null) {
            delta.muliColumnVector(mask.castTo(delta.dataType()).dup('c').reshape('c', b * t, 1));
        }
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ADD, outputWeightGradient().transpose(),
                Nd4j.createFromArray(tokens), delta, ROWS);
        return new Pair<>(null, new INDArray[] {null});
    }

    /** The output layer's weight gradient view [size, vocab], already holding the output layer's own gradient. */
    private INDArray outputWeightGradient() {
        Layer out = graph.getLayer(conf.getOutputLayer());
        INDArray flat = out.getGradientsViewArray();
        if (flat == null) {
            throw new IllegalStateException("tied embedding " + getVertexName() + ": output layer '"
                    + conf.getOutputLayer() + "' has no gradient view");
        }
        return out.conf().getLayer().initializer().getGradientsFromFlattened(out.conf(), flat)
                .get(DefaultParamInitializer.WEIGHT_KEY);
    }

    private INDArray mask() {
        INDArray[] masks = graph.getInputMaskArrays();
        return masks == null ? null : masks[maskIndex];
    }

    @Override
    public void clear() {
        super.clear();
        tokens = null;
    }

    @Override
    public String toString() {
        return "TiedEmbeddingImpl(" + getVertexName() + " -> " + conf.getOutputLayer() + ")";
    }
}
