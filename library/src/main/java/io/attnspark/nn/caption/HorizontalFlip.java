package io.attnspark.nn.caption;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Training-time data augmentation of the captioner's images: each image of a minibatch [batch, channels, height,
 * width] (NCHW) is mirrored left to right with probability {@code probability}, drawn anew for every minibatch
 * from ND4J's random generator (seeded by the graph's seed, like dropout). Installed as the first convolution's
 * {@link IDropout}, so DL4J applies it only in training: inference, decoding and the validation loss see the images
 * as they are. The minibatches of images are cached between epochs; drawing the flip when the layer runs gives
 * every epoch its own mirror images. {@link #backprop} mirrors the gradient of the same images back.
 */
@JsonIgnoreProperties({"flipped"})
public final class HorizontalFlip implements IDropout {
    private static final int WIDTH_AXIS = 3;
    private final double probability;
    /** Which images of the last minibatch were mirrored (for backprop). */
    private transient boolean[] flipped;

    public HorizontalFlip(@JsonProperty("probability") double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("flip probability " + probability + " is outside [0, 1]");
        }
        this.probability = probability;
    }

    public double getProbability() {
        return probability;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("HorizontalFlip needs images [batch, channels, height, width], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        int n = (int) input.size(0);
        flipped = new boolean[n];
        for (int i = 0; i < n; i++) {
            flipped[i] = probability > 0 && Nd4j.getRandom().nextDouble() < probability;
        }
        return mirror(input, result, flipped);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (flipped == null || flipped.length != gradAtOutput.size(0)) {
            throw new IllegalStateException("HorizontalFlip.backprop without the forward pass of this minibatch");
        }
        return mirror(gradAtOutput, gradAtInput, flipped);
    }

    /** {@code out} (which may be {@code in}) = {@code in} with the images marked in {@code which} mirrored. */
    private static INDArray mirror(INDArray in, INDArray out, boolean[] which) {
        INDArray mirrored = null;
        for (int i = 0; i < which.length; i++) {
            if (which[i] && mirrored == null) {
                mirrored = Nd4j.createUninitialized(in.dataType(), in.shape());
                Nd4j.exec(new Reverse(in, mirrored, WIDTH_AXIS));
            }
        }
        if (mirrored == null) {
            return out == in ? out : out.assign(in);
        }
        for (int i = 0; i < which.length; i++) {
            if (which[i]) {
                out.slice(i).assign(mirrored.slice(i));
            } else if (out != in) {
                out.slice(i).assign(in.slice(i));
            }
        }
        return out;
    }

    /** Which images of the last minibatch were mirrored (a copy; null before the first). */
    boolean[] lastFlipped() {
        return flipped == null ? null : flipped.clone();
    }

    @Override
    public void clear() {
        flipped = null;
    }

    @Override
    public HorizontalFlip clone() {
        return new HorizontalFlip(probability);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HorizontalFlip f && f.probability == probability;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(probability);
    }

    @Override
    public String toString() {
        return "HorizontalFlip(" + probability + ")";
    }
}
