package io.attnspark.nn.caption;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * DL4J's 2-D convolution layer whose forward and backward passes run as single libnd4j ops ({@code conv2d},
 * {@code conv2d_bp}) instead of DL4J's Java-side im2col and matrix products.
 *
 * <p>DL4J 1.0.0-M2 routes a convolution to those ops through its {@link MKLDNNConvHelper}, but never installs the
 * helper: helper creation is off unless {@code org.eclipse.deeplearning4j.helpers.disable=false}, and even then its
 * check looks for {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, a class that moved in M2, so the helper is
 * dropped. This layer installs it unconditionally. With the default native library the ops use libnd4j's own
 * im2col and GEMM (2.2x faster for the captioner's encoder, fit of 16 64x64 images through six 3x3
 * convolutions); with the oneDNN native library ({@code ATTNSPARK_NATIVE=onednn}) they run oneDNN's kernels
 * (13x). Parameters, their layout and the JSON form are those of {@link ConvolutionLayer}.
 */
public class NativeConvolutionLayer extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    public NativeConvolutionLayer() {
    }

    /** The layer that {@code builder.build()} would give, run by the native ops. */
    public NativeConvolutionLayer(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                        Collection<TrainingListener> trainingListeners,
                                                        int layerIndex, INDArray layerParamsView,
                                                        boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("NativeConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        Impl layer = new Impl(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** DL4J's convolution with the native-op helper installed. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
            helper = new MKLDNNConvHelper(dataType);
        }
    }
}
