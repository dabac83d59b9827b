package io.attnspark.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A recurrent layer computed by one fused libnd4j op (the whole sequence in native code, forward and
 * backward), as a DL4J {@link SameDiffLayer}; {@link FusedLstmLayer} and {@link FusedGruLayer} supply the op.
 *
 * <p>Input [batch, nIn, time], output [batch, nOut, time] (NCW, as every RNN layer of the project), with the
 * feature mask [batch, time] (1 = token, 0 = padding) passed on unchanged. The state starts at zero. The
 * output at padded steps is zero and receives no gradient, the contract of {@link MaskedLstm}: padding is
 * always at the end of a sequence (the backward encoder direction runs between two
 * {@link ReverseSequenceVertex}), so the steps the recurrence runs through padding come after every real
 * step and cannot change a real output.
 *
 * <p>Dropout (an {@code IDropout} on the layer, e.g. {@code model.dropout}) applies to the input during
 * training, as on DL4J's own layers; DL4J's runtime {@code SameDiffLayer} ignores it, {@link FusedRecurrentRuntime}
 * applies it. The forward pass is the SameDiff graph of {@link #defineLayer}; the backward pass is
 * {@link LstmBackprop} / {@link GruBackprop} (see {@link FusedRecurrentRuntime} for why).
 */
public abstract class FusedRecurrentLayer extends SameDiffLayer {
    private static final long serialVersionUID = 1L;

    /** Parameter names: input weights [nIn, k nOut], recurrent weights [nOut, k nOut], bias [1, k nOut]. */
    public static final String PARAM_W = "W";
    public static final String PARAM_RW = "RW";
    public static final String PARAM_B = "b";

    protected long nIn;
    protected long nOut;

    /** For JSON deserialisation. */
    protected FusedRecurrentLayer() {
    }

    /**
     * @param retain probability of keeping an input value under dropout during training (1 = no dropout)
     */
    protected FusedRecurrentLayer(long nIn, long nOut, double retain) {
        if (nIn < 1 || nOut < 1) {
            throw new IllegalArgumentException("recurrent layer sizes must be positive, got nIn " + nIn + ", nOut " + nOut);
        }
        if (!(retain > 0 && retain <= 1)) {
            throw new IllegalArgumentException("dropout retain probability must be in (0, 1], got " + retain);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        this.weightInit = WeightInit.XAVIER;
        if (retain < 1.0) {
            setIDropout(new Dropout(retain));
        }
    }

    public long getNIn() {
        return nIn;
    }

    public long getNOut() {
        return nOut;
    }

    /** For JSON deserialisation. */
    public void setNIn(long nIn) {
        this.nIn = nIn;
    }

    /** For JSON deserialisation. */
    public void setNOut(long nOut) {
        this.nOut = nOut;
    }

    /**
     * The recurrence over the whole input without masking.
     *
     * @param input [batch, nIn, time]
     * @param mask  [batch, time], for the batch size only (ones when the graph gives none)
     * @return hidden states [batch, nOut, time]
     */
    protected abstract SDVariable recurrence(SameDiff sd, SDVariable input, Map<String, SDVariable> params,
                                             SDVariable mask);

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable h = recurrence(sd, input, params, mask);
        return h.mul(sd.expandDims(mask.castTo(input.dataType()), 1));
    }

    /** Xavier-initialised weights with fan-in {@code fanIn} and fan-out {@code fanOut}. */
    protected void xavier(INDArray weights, long fanIn, long fanOut) {
        initWeights((int) fanIn, (int) fanOut, WeightInit.XAVIER, weights);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long t = inputType instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return InputType.recurrent(nOut, t, RNNFormat.NCW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if ((nIn <= 0 || override) && inputType instanceof InputType.InputTypeRecurrent r) {
            nIn = r.getSize();
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        FusedRecurrentRuntime ret = new FusedRecurrentRuntime(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ret.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    /**
     * A deep copy: the dropout (which holds its mask between the forward and the backward pass) and the
     * updaters are copied, not shared. DL4J's {@code Layer.clone()} is shallow, and every dl4j-spark worker
     * clones the configuration: shared, concurrent workers overwrote each other's dropout masks.
     */
    @Override
    public FusedRecurrentLayer clone() {
        FusedRecurrentLayer c = (FusedRecurrentLayer) super.clone();
        if (getIDropout() != null) {
            c.setIDropout(getIDropout().clone());
        }
        c.updater = updater == null ? null : updater.clone();
        c.biasUpdater = biasUpdater == null ? null : biasUpdater.clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FusedRecurrentLayer f && f.getClass() == getClass() && f.nIn == nIn && f.nOut == nOut
                && super.equals(o);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), nIn, nOut);
    }
}
