package io.attnspark.train;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.nn.LengthBatcher;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;

/**
 * Training hyperparameters (the {@code train} section). Immutable; defaults live only in
 * {@code conf/defaults.conf}.
 *
 * @param epochs          passes over the training data (at most)
 * @param batchSize       sentence pairs per minibatch (per worker on Spark)
 * @param learningRate    the (peak) learning rate
 * @param gradientClip    each layer's gradient is rescaled to at most this L2 norm; 0 disables
 * @param maxTargetLength longest target (tokens before EOS) used in training
 * @param labelSmoothing  label smoothing epsilon of the cross-entropy (0 = none)
 * @param optimizer       adam or adamw
 * @param weightDecay     decoupled weight decay of AdamW (ignored by adam)
 * @param schedule        how the learning rate changes over training
 * @param warmupSteps     updates of linear warm-up (schedule inverse-sqrt)
 * @param decayFactor     the learning rate is multiplied by this when validation stops improving (plateau)
 * @param decayPatience   epochs without validation improvement before a decay (plateau)
 * @param minLearningRate the plateau schedule never goes below this
 * @param earlyStopping   stop after this many epochs without validation improvement (0 = never)
 * @param maxMinutes      do not start an epoch that would end after this many minutes of training (0 = no limit)
 * @param bleuSentences   validation sentences decoded greedily for a BLEU score each epoch (0 = none)
 * @param batchTokens     token budget of a minibatch: pairs x (longest side + 1) stays within it, with at most
 *                        {@code batchSize} pairs; 0 = every minibatch has exactly {@code batchSize} pairs
 * @param selectBy        the validation figure that makes an epoch the best one (best.zip) and that early stopping
 *                        watches; the plateau schedule always watches the validation loss
 * @param keepEpochs      the graphs of this many last epochs are kept as {@code epochs/epoch-N.zip} (for
 *                        {@code attnspark average}); 0 = none
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double gradientClip, int maxTargetLength,
                          double labelSmoothing, String optimizer, double weightDecay, Schedule schedule,
                          int warmupSteps, double decayFactor, int decayPatience, double minLearningRate,
                          int earlyStopping, double maxMinutes, int bleuSentences, int batchTokens,
                          Selection selectBy, int keepEpochs) {

    /** Learning-rate schedules. */
    public enum Schedule {
        /** The same rate throughout. */
        CONSTANT,
        /** Linear warm-up, then 1/sqrt(step) ({@link WarmupInverseSqrtSchedule}). */
        INVERSE_SQRT,
        /** Multiplied by decay-factor after decay-patience epochs without a better validation score. */
        PLATEAU;

        String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** What makes an epoch the best one. */
    public enum Selection {
        /** The lowest validation loss (cross-entropy per target token). */
        LOSS,
        /**
         * The highest greedy validation BLEU (corpus BLEU of the first bleu-sentences validation sentences for
         * text, BLEU-4 against all references of the first bleu-sentences validation images for captions).
         */
        BLEU
    }

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
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new ConfigError("train.label-smoothing", "train.label-smoothing=" + labelSmoothing + " must be in [0, 1)");
        }
        if (!List.of("adam", "adamw").contains(optimizer)) {
            throw new ConfigError("train.optimizer", "train.optimizer=" + optimizer + " is not one of adam, adamw");
        }
        if (batchTokens < 0) {
            throw new ConfigError("train.batch-tokens", "train.batch-tokens=" + batchTokens
                    + " must be >= 0 (0 = minibatches of train.batch-size pairs)");
        }
        if (selectBy == null) {
            throw new ConfigError("train.select-by", "train.select-by must be loss or bleu");
        }
        if (keepEpochs < 0) {
            throw new ConfigError("train.keep-epochs", "train.keep-epochs=" + keepEpochs + " must be >= 0 (0 = none)");
        }
        if (selectBy == Selection.BLEU && bleuSentences < 1) {
            throw new ConfigError("train.select-by", "train.select-by=bleu needs validation BLEU: train.bleu-sentences"
                    + " must be at least 1 (is " + bleuSentences + ")");
        }
        if (!(decayFactor > 0 && decayFactor <= 1)) {
            throw new ConfigError("train.schedule.decay-factor", "train.schedule.decay-factor=" + decayFactor
                    + " must be in (0, 1]");
        }
    }

    /** The settings of before schedules: constant learning rate, Adam, no smoothing, no early stopping. */
    public TrainConfig(int epochs, int batchSize, double learningRate, double gradientClip, int maxTargetLength) {
        this(epochs, batchSize, learningRate, gradientClip, maxTargetLength, 0.0, "adam", 0.0, Schedule.CONSTANT,
                1, 0.5, 1, 0.0, 0, 0.0, 0, 0, Selection.LOSS, 0);
    }

    /** Reads the {@code train} section, refusing unknown keys. */
    public static TrainConfig fromConfig(ConfigSection s) {
        int epochs = s.getInt("epochs", 1, 1_000_000);
        int batch = s.getInt("batch-size", 1, 1 << 20);
        double lr = s.getDouble("learning-rate", 1e-9, 0.999);
        double clip = s.getDouble("gradient-clip", 0.0, 1e9);
        int maxLen = s.getInt("max-target-length", 1, 1 << 20);
        double smoothing = s.getDouble("label-smoothing", 0.0, 0.999);
        String optimizer = s.getChoice("optimizer", List.of("adam", "adamw"));
        double decay = s.getDouble("weight-decay", 0.0, 1.0);
        ConfigSection sc = s.section("schedule");
        Schedule schedule = Schedule.valueOf(sc.getChoice("type", List.of("constant", "inverse-sqrt", "plateau"))
                .toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        int warmup = sc.getInt("warmup-steps", 1, 1 << 30);
        double factor = sc.getDouble("decay-factor", 1e-6, 1.0);
        int patience = sc.getInt("patience", 0, 1 << 20);
        double minLr = sc.getDouble("min-learning-rate", 0.0, 1.0);
        sc.rejectUnknownKeys();
        int early = s.getInt("early-stopping-patience", 0, 1 << 20);
        double maxMinutes = s.getDouble("max-minutes", 0.0, 1e9);
        int bleu = s.getInt("bleu-sentences", 0, Integer.MAX_VALUE);
        int tokens = s.getInt("batch-tokens", 0, 1 << 30);
        Selection select = Selection.valueOf(s.getChoice("select-by", List.of("loss", "bleu"))
                .toUpperCase(java.util.Locale.ROOT));
        int keep = s.getInt("keep-epochs", 0, 1 << 20);
        s.rejectUnknownKeys();
        return new TrainConfig(epochs, batch, lr, clip, maxLen, smoothing, optimizer, decay, schedule, warmup, factor,
                patience, minLr, early, maxMinutes, bleu, tokens, select, keep);
    }

    /**
     * The updater: Adam at the learning rate, under the inverse-sqrt schedule when configured. AdamW is this
     * updater plus {@link #decoupledWeightDecay()}.
     */
    public IUpdater updater() {
        if (schedule == Schedule.INVERSE_SQRT) {
            return new Adam(new WarmupInverseSqrtSchedule(learningRate, warmupSteps));
        }
        return new Adam(learningRate);
    }

    /**
     * AdamW's decoupled weight decay (Loshchilov and Hutter 2019) as DL4J's {@link org.nd4j.linalg.learning.regularization.WeightDecay}: applied to the
     * parameters after the updater, scaled by the learning rate; 0 unless optimizer = adamw.
     */
    public double decoupledWeightDecay() {
        return optimizer.equals("adamw") ? weightDecay : 0.0;
    }

    /** A copy with another number of epochs. */
    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, learningRate, gradientClip, maxTargetLength, labelSmoothing, optimizer,
                weightDecay, schedule, warmupSteps, decayFactor, decayPatience, minLearningRate, earlyStopping, maxMinutes,
                bleuSentences, batchTokens, selectBy, keepEpochs);
    }

    /** A copy with another learning rate. */
    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(epochs, batchSize, lr, gradientClip, maxTargetLength, labelSmoothing, optimizer,
                weightDecay, schedule, warmupSteps, decayFactor, decayPatience, minLearningRate, earlyStopping, maxMinutes,
                bleuSentences, batchTokens, selectBy, keepEpochs);
    }

    /** A copy with another batch size. */
    public TrainConfig withBatchSize(int n) {
        return new TrainConfig(epochs, n, learningRate, gradientClip, maxTargetLength, labelSmoothing, optimizer,
                weightDecay, schedule, warmupSteps, decayFactor, decayPatience, minLearningRate, earlyStopping, maxMinutes,
                bleuSentences, batchTokens, selectBy, keepEpochs);
    }

    /** A copy with another token budget (0 = minibatches of {@code batchSize} pairs). */
    public TrainConfig withBatchTokens(int n) {
        return new TrainConfig(epochs, batchSize, learningRate, gradientClip, maxTargetLength, labelSmoothing, optimizer,
                weightDecay, schedule, warmupSteps, decayFactor, decayPatience, minLearningRate, earlyStopping, maxMinutes,
                bleuSentences, n, selectBy, keepEpochs);
    }

    /**
     * The minibatches of pairs whose padded lengths are {@code lengths}: indices into it, by ascending length
     * ({@link LengthBatcher}); of {@code batchSize} pairs, or within the token budget.
     */
    public List<int[]> batchesOf(int[] lengths) {
        return batchTokens > 0 ? LengthBatcher.byTokens(lengths, batchTokens, batchSize)
                : LengthBatcher.byCount(lengths, batchSize);
    }

    /** A copy with another label smoothing. */
    public TrainConfig withLabelSmoothing(double eps) {
        return new TrainConfig(epochs, batchSize, learningRate, gradientClip, maxTargetLength, eps, optimizer,
                weightDecay, schedule, warmupSteps, decayFactor, decayPatience, minLearningRate, earlyStopping, maxMinutes,
                bleuSentences, batchTokens, selectBy, keepEpochs);
    }
}
