package io.attnspark.jobs.sweep;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;

import java.util.List;

/**
 * The {@code sweep} section: how trials run, how many, what ranks them, the search space and successive
 * halving. See conf/defaults.conf for each key's meaning.
 *
 * @param mode          parallel (trials as Spark tasks) or sequential (trials as distributed trainings)
 * @param trials        the budget; 0 = one trial per grid point (grid-only spaces)
 * @param objective     what ranks trials
 * @param space         the search space
 * @param halving       successive halving on, or every trial trains train.epochs
 * @param minEpochs     epochs of the first rung
 * @param reduction     the reduction factor between rungs (eta)
 */
public record SweepSettings(Mode mode, int trials, Objective objective, SearchSpace space, boolean halving,
                            int minEpochs, int reduction) {

    /** Where trials run. */
    public enum Mode { PARALLEL, SEQUENTIAL }

    /** What ranks trials: greedy validation BLEU (higher is better) or validation loss (lower is better). */
    public enum Objective {
        VALID_BLEU("valid-bleu", "valid_bleu_greedy", true), VALID_LOSS("valid-loss", "valid_loss", false);

        final String name;
        /** The key of the value in a trial's metrics.jsonl lines. */
        final String metric;
        final boolean maximize;

        Objective(String name, String metric, boolean maximize) {
            this.name = name;
            this.metric = metric;
            this.maximize = maximize;
        }

        /** Whether {@code a} is better than {@code b} (NaN is worse than anything). */
        boolean better(double a, double b) {
            if (Double.isNaN(a)) {
                return false;
            }
            if (Double.isNaN(b)) {
                return true;
            }
            return maximize ? a > b : a < b;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public SweepSettings {
        if (trials == 0 && !space.isGridOnly()) {
            throw new ConfigError("sweep.trials", "sweep.trials=0 (one trial per grid point) needs a space of grid "
                    + "dimensions only; set sweep.trials to the number of trials to draw");
        }
    }

    /** Refuses a sweep with nothing to search (the defaults' empty space is valid config, not a runnable sweep). */
    void requireSpace() {
        if (space.dimensions().isEmpty()) {
            throw new ConfigError("sweep.space", "sweep.space is empty: nothing to search (see the sweep section of "
                    + "conf/defaults.conf)");
        }
    }

    /** Reads and checks the {@code sweep} section (the space's keys are checked by {@link SearchSpace#check}). */
    public static SweepSettings fromConfig(ConfigSection s) {
        Mode mode = Mode.valueOf(s.getChoice("mode", List.of("parallel", "sequential")).toUpperCase(java.util.Locale.ROOT));
        int trials = s.getInt("trials", 0, 10_000);
        String objective = s.getChoice("objective", List.of("valid-bleu", "valid-loss"));
        SearchSpace space = SearchSpace.parse(s.getObjectList("space"));
        ConfigSection h = s.section("halving");
        boolean halving = h.getBoolean("enabled");
        int minEpochs = h.getInt("min-epochs", 1, 100_000);
        int reduction = h.getInt("reduction-factor", 2, 100);
        h.rejectUnknownKeys();
        s.rejectUnknownKeys();
        return new SweepSettings(mode, trials, objective.equals("valid-bleu") ? Objective.VALID_BLEU : Objective.VALID_LOSS,
                space, halving, minEpochs, reduction);
    }

    /** The number of trials to run: {@code trials}, or the grid size when it is 0. */
    public int trialCount() {
        return trials > 0 ? trials : space.gridSize();
    }
}
