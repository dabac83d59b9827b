package io.attnspark.train;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The Transformer's learning-rate schedule (Vaswani et al. 2017, "Noam"), scaled to a peak: a linear warm-up
 * to {@code peak} over {@code warmupSteps} updates, then decay with the inverse square root of the update
 * number: {@code lr(n) = peak * min(n / warmup, sqrt(warmup / n))} with n = iteration + 1.
 */
public final class WarmupInverseSqrtSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final double peak;
    private final int warmupSteps;

    public WarmupInverseSqrtSchedule(@JsonProperty("peak") double peak, @JsonProperty("warmupSteps") int warmupSteps) {
        if (!(peak > 0) || warmupSteps < 1) {
            throw new IllegalArgumentException("peak must be > 0 and warm-up >= 1 step, got " + peak + ", " + warmupSteps);
        }
        this.peak = peak;
        this.warmupSteps = warmupSteps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double n = iteration + 1.0;
        return peak * Math.min(n / warmupSteps, Math.sqrt(warmupSteps / n));
    }

    @Override
    public ISchedule clone() {
        return new WarmupInverseSqrtSchedule(peak, warmupSteps);
    }

    public double getPeak() {
        return peak;
    }

    public int getWarmupSteps() {
        return warmupSteps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupInverseSqrtSchedule s && s.peak == peak && s.warmupSteps == warmupSteps;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(peak) * 31 + warmupSteps;
    }

    @Override
    public String toString() {
        return "WarmupInverseSqrtSchedule(peak=" + peak + ", warmupSteps=" + warmupSteps + ")";
    }
}
