package io.attnspark.train;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

/**
 * Training hyperparameters (the {@code train} section). Immutable; defaults live only in
 * {@code conf/defaults.conf}.
 *
 * @param epochs          passes over the training data
 * @param batchSize       sentence pairs per minibatch (per worker on Spark)
 * @param learningRate    Adam learning rate
 * @param gradientClip    each layer's gradient is rescaled to at most this L2 norm; 0 disables
 * @param maxTargetLength longest target (tokens before EOS) used in training
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double gradientClip, int maxTargetLength) {

    public TrainConfig {
        if (epochs < 1) {
            throw new ConfigError("train.epochs", "train.epochs=" + epochs + " must be at least 1");
        }
        if (batchSize < 1) {
            throw new ConfigError("train.batch-size", "train.batch-size=" + batchSize + " must be at least 1");
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new ConfigError("train.learning-rate", "train.learning-rate=" + learningRate + " must be in (0, 1)");
        }
        if (!(gradientClip >= 0)) {
            throw new ConfigError("train.gradient-clip", "train.gradient-clip=" + gradientClip + " must be >= 0 (0 disables)");
        }
        if (maxTargetLength < 1) {
            throw new ConfigError("train.max-target-length", "train.max-target-length=" + maxTargetLength
                    + " must be at least 1");
        }
    }

    /** Reads the {@code train} section, refusing unknown keys. */
    public static TrainConfig fromConfig(ConfigSection s) {
        int epochs = s.getInt("epochs", 1, 1_000_000);
        int batch = s.getInt("batch-size", 1, 1 << 20);
        double lr = s.getDouble("learning-rate", 1e-9, 0.999);
        double clip = s.getDouble("gradient-clip", 0.0, 1e9);
        int maxLen = s.getInt("max-target-length", 1, 1 << 20);
        s.rejectUnknownKeys();
        return new TrainConfig(epochs, batch, lr, clip, maxLen);
    }

    /** A copy with another number of epochs. */
    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, learningRate, gradientClip, maxTargetLength);
    }

    /** A copy with another learning rate. */
    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(epochs, batchSize, lr, gradientClip, maxTargetLength);
    }

    /** A copy with another batch size. */
    public TrainConfig withBatchSize(int n) {
        return new TrainConfig(epochs, n, learningRate, gradientClip, maxTargetLength);
    }
}
