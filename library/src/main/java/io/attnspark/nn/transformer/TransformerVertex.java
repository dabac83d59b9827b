package io.attnspark.nn.transformer;

import org.deeplearning4j.nn.conf.inputs.InputType;
import io.attnspark.nn.TrainedVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/**
 * What the Transformer's SameDiff vertices share: inputs and output in DL4J's layout [b, dModel, T], the
 * first input's mask [b, T] passed on, parameter initialisation (matrices Xavier, layer-norm gains 1, biases
 * and rank-1 parameters 0), dropout sites, and the DL4J 1.0.0-M2 work-arounds a custom vertex needs:
 * {@link #clone()} copies the updater and the rest of the training configuration (Spark workers clone the
 * configuration), {@link #feedForwardMaskArrays} is implemented, and the runtime vertex
 * ({@link TransformerRuntimeVertex}) halves the doubled external error.
 *
 * <p>Dropout: DL4J does not tell a SameDiff vertex whether it is training. Each dropout site is a SameDiff
 * constant multiplied into the graph; the runtime vertex sets it before every forward pass to an inverted
 * dropout mask (training) or to 1 (inference), and the backward pass, which recomputes the forward pass,
 * sees the same mask. Sites exist only for rates above 0.
 */
public abstract class TransformerVertex extends TrainedVertex {
    private static final long serialVersionUID = 1L;

    protected int dModel;
    protected double dropout;
    protected double attentionDropout;

    /** For JSON deserialisation only. */
    protected TransformerVertex() {
    }

    protected TransformerVertex(int dModel, double dropout, double attentionDropout) {
        if (dModel < 1) {
            throw new IllegalArgumentException("d-model must be positive, got " + dModel);
        }
        this.dModel = dModel;
        this.dropout = dropout;
        this.attentionDropout = attentionDropout;
    }

    /** A dropout site: constant {@code name} of shape {@code shape} (given the inputs) dropping at {@code rate}. */
    public record DropoutSite(String name, long[] shape, double rate) {
    }

    /** The dropout sites of this vertex for inputs of shapes {@code inputShapes} (rates above 0 only). */
    public abstract List<DropoutSite> dropoutSites(long[][] inputShapes);

    /** The constant of dropout site {@code name} (1 until the runtime vertex sets a mask), or null for rate 0. */
    protected static SDVariable site(SameDiff sd, String name, double rate, DataType type) {
        return rate > 0 ? sd.constant(name, Nd4j.scalar(type, 1.0)) : null;
    }

    protected static void addSite(List<DropoutSite> out, String name, double rate, long... shape) {
        if (rate > 0) {
            out.add(new DropoutSite(name, shape, rate));
        }
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        setName(name);
        return new TransformerRuntimeVertex(this, graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                INDArray a = e.getValue();
                if (e.getKey().equals(TransformerOps.PARAM_LN_GAIN)) {
                    a.assign(1);
                } else if (a.rank() == 1) {
                    a.assign(0);
                } else {
                    long[] shape = a.shape();
                    WeightInitUtil.initWeights(shape[0], shape[1], shape, WeightInit.XAVIER, null, 'c', a);
                }
            }
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        InputType.InputTypeRecurrent in = (InputType.InputTypeRecurrent) vertexInputs[0];
        return InputType.recurrent(dModel, in.getTimeSeriesLength());
    }

    /** Copies the training configuration set from the graph (updater, regularisation, clipping, data type). */
    protected <T extends TransformerVertex> T copyBase(T c) {
        c.dModel = dModel;
        c.dropout = dropout;
        c.attentionDropout = attentionDropout;
        return copyTrainingConfig(c);
    }

    @Override
    public abstract TransformerVertex clone();

    protected boolean baseEquals(TransformerVertex o) {
        return super.equals(o) && dModel == o.dModel && dropout == o.dropout && attentionDropout == o.attentionDropout;
    }

    public int getDModel() {
        return dModel;
    }

    public void setDModel(int dModel) {
        this.dModel = dModel;
    }

    public double getDropout() {
        return dropout;
    }

    public void setDropout(double dropout) {
        this.dropout = dropout;
    }

    public double getAttentionDropout() {
        return attentionDropout;
    }

    public void setAttentionDropout(double attentionDropout) {
        this.attentionDropout = attentionDropout;
    }
}
