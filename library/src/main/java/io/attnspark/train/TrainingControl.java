package io.attnspark.train;

import java.util.Locale;

/**
 * What happens between two epochs, for the Spark and the local trainer alike: whether the validation loss
 * improved (the model is then the best so far), whether the learning rate decays (schedule {@code plateau}),
 * and whether training stops early (no improvement for {@code early-stopping-patience} epochs, or the next
 * epoch would overrun {@code max-minutes}). Mutable; one instance per training run.
 */
public final class TrainingControl {
    private final TrainConfig cfg;
    private double learningRate;
    private double best;
    private int sinceBest;
    private int sinceChange;

    /**
     * @param learningRate the learning rate the model has now (after earlier decays, when resuming)
     * @param bestLoss     the best validation loss so far (+infinity for a new run)
     * @param sinceBest    epochs since that best (0 for a new run)
     */
    public TrainingControl(TrainConfig cfg, double learningRate, double bestLoss, int sinceBest) {
        this.cfg = cfg;
        this.learningRate = learningRate;
        this.best = bestLoss;
        this.sinceBest = sinceBest;
        this.sinceChange = sinceBest;
    }

    /** A new run at {@code cfg.learningRate()}. */
    public static TrainingControl start(TrainConfig cfg) {
        return new TrainingControl(cfg, cfg.learningRate(), Double.POSITIVE_INFINITY, 0);
    }

    /** The decision after one epoch. */
    public record Decision(boolean improved, double learningRate, boolean learningRateChanged, boolean stop,
                           String reason) {
    }

    /**
     * @param validLoss      validation loss of the epoch just finished (NaN without validation data: never
     *                       improves, never decays, never stops early)
     * @param epochSeconds   wall time of that epoch
     * @param elapsedSeconds training wall time so far
     * @param epochsLeft     epochs still allowed by train.epochs
     */
    public Decision afterEpoch(double validLoss, double epochSeconds, double elapsedSeconds, int epochsLeft) {
        boolean improved = !Double.isNaN(validLoss) && validLoss < best;
        boolean changed = false;
        if (improved) {
            best = validLoss;
            sinceBest = 0;
            sinceChange = 0;
        } else if (!Double.isNaN(validLoss)) {
            sinceBest++;
            sinceChange++;
            if (cfg.schedule() == TrainConfig.Schedule.PLATEAU && sinceChange >= cfg.decayPatience()
                    && learningRate > cfg.minLearningRate()) {
                learningRate = Math.max(cfg.minLearningRate(), learningRate * cfg.decayFactor());
                sinceChange = 0;
                changed = true;
            }
        }
        if (epochsLeft <= 0) {
            return new Decision(improved, learningRate, changed, true, "train.epochs=" + cfg.epochs() + " done");
        }
        if (cfg.earlyStopping() > 0 && sinceBest >= cfg.earlyStopping()) {
            return new Decision(improved, learningRate, changed, true, String.format(Locale.ROOT,
                    "early stop: no better validation loss than %.4f for %d epochs (train.early-stopping-patience)",
                    best, sinceBest));
        }
        if (cfg.maxMinutes() > 0 && elapsedSeconds + epochSeconds > cfg.maxMinutes() * 60) {
            return new Decision(improved, learningRate, changed, true, String.format(Locale.ROOT,
                    "time limit: another epoch of %.0fs would end after train.max-minutes=%s (%.1f min used)",
                    epochSeconds, fmt(cfg.maxMinutes()), elapsedSeconds / 60));
        }
        return new Decision(improved, learningRate, changed, false, "");
    }

    public double best() {
        return best;
    }

    public int sinceBest() {
        return sinceBest;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
