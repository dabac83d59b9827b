package io.attnspark.train;

import java.util.List;
import java.util.Locale;

/**
 * What happens between two epochs, for the Spark and the local trainer alike: whether the epoch is the best so
 * far by {@code train.select-by} (lowest validation loss, or highest greedy validation BLEU), whether the learning
 * rate decays (schedule {@code plateau}, which always watches the validation loss), and whether training stops
 * early (no better epoch by {@code select-by} for {@code early-stopping-patience} epochs, or the next epoch would
 * overrun {@code max-minutes}). Mutable; one instance per training run.
 */
public final class TrainingControl {
    private final TrainConfig cfg;
    private double learningRate;
    private double bestLoss = Double.POSITIVE_INFINITY;
    /** Epochs since the learning rate last changed or the validation loss last improved (plateau patience). */
    private int sinceChange;
    /** The best selection figure so far, oriented so that higher is better (-loss, or BLEU). */
    private double bestSelected = Double.NEGATIVE_INFINITY;
    private int sinceBest;

    private TrainingControl(TrainConfig cfg, double learningRate) {
        this.cfg = cfg;
        this.learningRate = learningRate;
    }

    /** A new run at {@code cfg.learningRate()}. */
    public static TrainingControl start(TrainConfig cfg) {
        return new TrainingControl(cfg, cfg.learningRate());
    }

    /**
     * The control of a resumed run: {@link #start} replayed over the finished epochs' validation figures, so that
     * the best epoch, the patience counters and the plateau schedule's learning rate are those the uninterrupted run
     * would have now.
     *
     * @param history {validation loss, validation BLEU (NaN when not measured)} of each finished epoch, in order
     */
    public static TrainingControl resume(TrainConfig cfg, List<double[]> history) {
        TrainingControl control = start(cfg);
        for (double[] epoch : history) {
            control.afterEpoch(epoch[0], epoch[1], 0, 0, Integer.MAX_VALUE);
        }
        return control;
    }

    /** The decision after one epoch; {@code improved} means best by {@code train.select-by}. */
    public record Decision(boolean improved, double learningRate, boolean learningRateChanged, boolean stop,
                           String reason) {
    }

    /** {@link #afterEpoch(double, double, double, double, int)} without a validation BLEU. */
    public Decision afterEpoch(double validLoss, double epochSeconds, double elapsedSeconds, int epochsLeft) {
        return afterEpoch(validLoss, Double.NaN, epochSeconds, elapsedSeconds, epochsLeft);
    }

    /**
     * @param validLoss      validation loss of the epoch just finished (NaN without validation data: never
     *                       improves, never decays, never stops early)
     * @param validBleu      its greedy validation BLEU (NaN when not measured; then it never improves under
     *                       {@code select-by = bleu})
     * @param epochSeconds   wall time of that epoch
     * @param elapsedSeconds training wall time so far
     * @param epochsLeft     epochs still allowed by train.epochs
     */
    public Decision afterEpoch(double validLoss, double validBleu, double epochSeconds, double elapsedSeconds,
                               int epochsLeft) {
        boolean changed = false;
        if (!Double.isNaN(validLoss)) {
            if (validLoss < bestLoss) {
                bestLoss = validLoss;
                sinceChange = 0;
            } else {
                sinceChange++;
                if (cfg.schedule() == TrainConfig.Schedule.PLATEAU && sinceChange >= cfg.decayPatience()
                        && learningRate > cfg.minLearningRate()) {
                    learningRate = Math.max(cfg.minLearningRate(), learningRate * cfg.decayFactor());
                    sinceChange = 0;
                    changed = true;
                }
            }
        }
        double selected = cfg.selectBy() == TrainConfig.Selection.LOSS ? -validLoss : validBleu;
        boolean improved = !Double.isNaN(selected) && selected > bestSelected;
        if (improved) {
            bestSelected = selected;
            sinceBest = 0;
        } else if (!Double.isNaN(validLoss)) {
            sinceBest++;
        }
        if (epochsLeft <= 0) {
            return new Decision(improved, learningRate, changed, true, "train.epochs=" + cfg.epochs() + " done");
        }
        if (cfg.earlyStopping() > 0 && sinceBest >= cfg.earlyStopping()) {
            return new Decision(improved, learningRate, changed, true, String.format(Locale.ROOT,
                    "early stop: no epoch better than the best (%s) for %d epochs (train.early-stopping-patience, "
                            + "train.select-by=%s)", bestDescription(), sinceBest, selectByName()));
        }
        if (cfg.maxMinutes() > 0 && elapsedSeconds + epochSeconds > cfg.maxMinutes() * 60) {
            return new Decision(improved, learningRate, changed, true, String.format(Locale.ROOT,
                    "time limit: another epoch of %.0fs would end after train.max-minutes=%s (%.1f min used)",
                    epochSeconds, fmt(cfg.maxMinutes()), elapsedSeconds / 60));
        }
        return new Decision(improved, learningRate, changed, false, "");
    }

    /** The learning rate the schedule has set now. */
    public double learningRate() {
        return learningRate;
    }

    /** The best validation loss so far (+infinity before the first). */
    public double bestLoss() {
        return bestLoss;
    }

    /** Epochs since the best one by {@code train.select-by}. */
    public int sinceBest() {
        return sinceBest;
    }

    /** The best epoch's figure by {@code train.select-by}, e.g. "validation loss 2.7950" ("none" before one). */
    public String bestDescription() {
        if (bestSelected == Double.NEGATIVE_INFINITY) {
            return "none";
        }
        return cfg.selectBy() == TrainConfig.Selection.LOSS
                ? String.format(Locale.ROOT, "validation loss %.4f", -bestSelected)
                : String.format(Locale.ROOT, "validation BLEU %.2f", bestSelected);
    }

    private String selectByName() {
        return cfg.selectBy().name().toLowerCase(Locale.ROOT);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
