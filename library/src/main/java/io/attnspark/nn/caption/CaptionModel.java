package io.attnspark.nn.caption;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The Show, Attend and Tell captioner as a DL4J {@link ComputationGraphConfiguration}: a convolutional encoder
 * trained from scratch and the attention LSTM decoder ({@link ShowAttendTellDecoder}).
 *
 * <p>Input {@value #INPUT}: images [batch, 3, S, S] in [0, 1] (NCHW). Encoder: per entry of
 * {@code model.caption.encoder.channels} a block {@code conv_i} (3x3, same padding, a {@link NativeConvolutionLayer})
 * -> {@code bn_i} (batch normalisation, when enabled) -> {@code relu_i}, repeated
 * {@code model.caption.encoder.convs-per-block} times (the further ones named {@code conv_i_j}, {@code bn_i_j},
 * {@code relu_i_j}), then {@code pool_i} (2x2 max pooling, stride 2), giving the grid [batch, C, S / 2^blocks,
 * S / 2^blocks]; the first convolution mirrors each training image with probability
 * {@code model.caption.flip-probability} ({@link HorizontalFlip}); then {@value #GRID_DROPOUT} (dropout on the annotation vectors in
 * training, when model.caption.dropout &gt; 0) and the output layer {@value #DECODER} with labels
 * [batch, steps] (see {@link CaptionBatch}). {@code graph.output(images)[0]} is the grid.
 */
public final class CaptionModel {
    public static final String INPUT = "image";
    public static final String GRID_DROPOUT = "grid_dropout";
    public static final String DECODER = "decoder";

    private CaptionModel() {
    }

    /**
     * The configuration for {@code imageSize x imageSize} RGB images and a vocabulary of {@code vocabSize} ids.
     *
     * @param gradientClip per-layer L2 clip of the gradient (0 disables)
     * @param dataType     FLOAT for training, DOUBLE for gradient checks
     */
    public static ComputationGraphConfiguration configuration(CaptionConfig model, int imageSize, int vocabSize,
                                                              long seed, IUpdater updater, double gradientClip,
                                                              DataType dataType) {
        int side = model.gridSide(imageSize);
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE);
        if (gradientClip > 0) {
            base.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(gradientClip);
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder().addInputs(INPUT);
        String below = INPUT;
        int nIn = 3;
        for (int i = 0; i < model.channels().size(); i++) {
            int out = model.channels().get(i);
            for (int j = 0; j < model.convsPerBlock(); j++) {
                // the first convolution of block i keeps the names of one-convolution encoders (conv_i, bn_i, relu_i)
                String suffix = j == 0 ? Integer.toString(i) : i + "_" + j;
                ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(3, 3).nIn(nIn).nOut(out)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY);
                if (i == 0 && j == 0 && model.flipProbability() > 0) {
                    // training-time mirroring of the images, applied by DL4J to the first layer's input like dropout
                    conv.dropOut(new HorizontalFlip(model.flipProbability()));
                }
                g.addLayer("conv_" + suffix, new NativeConvolutionLayer(conv), below);
                below = "conv_" + suffix;
                if (model.batchNorm()) {
                    g.addLayer("bn_" + suffix, new BatchNormalization.Builder().nOut(out).build(), below);
                    below = "bn_" + suffix;
                }
                g.addLayer("relu_" + suffix, new ActivationLayer.Builder().activation(Activation.RELU).build(), below);
                below = "relu_" + suffix;
                nIn = out;
            }
            g.addLayer("pool_" + i, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2).build(), below);
            below = "pool_" + i;
        }
        if (model.dropout() > 0) {
            g.addLayer(GRID_DROPOUT, new DropoutLayer.Builder(1.0 - model.dropout()).build(), below);
            below = GRID_DROPOUT;
        }
        ShowAttendTellDecoder decoder = new ShowAttendTellDecoder(model.featureSize(), side * side, model.hiddenSize(),
                model.attentionSize(), model.embeddingSize(), vocabSize, model.steps(), model.doublyStochastic())
                .withAttention(model.attention());
        g.addLayer(DECODER, decoder, below)
                .setOutputs(DECODER)
                .setInputTypes(InputType.convolutional(imageSize, imageSize, 3));
        return g.build();
    }

    /** A new graph of {@code conf} with its parameters initialised from the configuration's seed. */
    public static ComputationGraph newGraph(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }
}
