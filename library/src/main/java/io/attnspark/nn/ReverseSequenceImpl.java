package io.attnspark.nn;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The runtime side of {@link ReverseSequenceVertex}: one row gather per pass. */
final class ReverseSequenceImpl extends ParameterlessVertexImpl {
    private final int maskIndex;

    ReverseSequenceImpl(ComputationGraph graph, String name, int vertexIndex, String maskInput, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.maskIndex = graph.getConfiguration().getNetworkInputs().indexOf(maskInput);
        if (maskIndex < 0) {
            throw new IllegalArgumentException("reverse vertex " + name + ": no network input '" + maskInput + "' in "
                    + graph.getConfiguration().getNetworkInputs());
        }
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, reverse(inputs[0]));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        return new Pair<>(null, new INDArray[] {workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, reverse(epsilon))});
    }

    /** x [n, c, t] with each row's first L_b steps reversed (L_b from the mask; t when there is none). */
    private INDArray reverse(INDArray x) {
        long n = x.size(0);
        long c = x.size(1);
        int t = (int) x.size(2);
        INDArray[] masks = graph.getInputMaskArrays();
        INDArray mask = masks == null ? null : masks[maskIndex];
        int[] lengths = new int[(int) n];
        if (mask == null) {
            java.util.Arrays.fill(lengths, t);
        } else {
            float[] m = mask.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
            for (int b = 0; b < n; b++) {
                int len = 0;
                for (int s = 0; s < t; s++) {
                    len += m[b * t + s] > 0 ? 1 : 0;
                }
                lengths[b] = len;
            }
        }
        int[] rows = new int[(int) n * t];
        for (int b = 0; b < n; b++) {
            for (int s = 0; s < t; s++) {
                rows[b * t + s] = b * t + (s < lengths[b] ? lengths[b] - 1 - s : s);
            }
        }
        INDArray flat = x.permute(0, 2, 1).dup('c').reshape('c', n * t, c);        // [n*t, c]
        return Nd4j.pullRows(flat, 1, rows).reshape('c', n, t, c).permute(0, 2, 1);  // [n, c, t]
    }

    @Override
    public String toString() {
        return "ReverseSequenceImpl(" + getVertexName() + ")";
    }
}
