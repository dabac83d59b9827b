package io.attnspark.jobs.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Successive halving by epochs: rung k trains up to {@code minEpochs * reduction^k} epochs (the last rung
 * {@code maxEpochs}), and a trial moves to the next rung only when it is among the best
 * {@code floor(n / reduction)} (at least one) of the n trials that finished the rung. This is ASHA's
 * promotion rule; the sweep applies it once every trial of a rung has reported, which makes it synchronous
 * successive halving (the same promotions, without trials waiting on stragglers being promoted early).
 */
public final class Halving {
    private final List<Integer> rungs;
    private final int reduction;

    /**
     * @param minEpochs epochs of the first rung
     * @param reduction reduction factor (at least 2)
     * @param maxEpochs train.epochs: the last rung; every rung above it is dropped
     */
    public Halving(int minEpochs, int reduction, int maxEpochs) {
        if (reduction < 2) {
            throw new IllegalArgumentException("reduction factor " + reduction + " < 2");
        }
        this.reduction = reduction;
        List<Integer> r = new ArrayList<>();
        long e = Math.min(minEpochs, maxEpochs);
        while (e < maxEpochs) {
            r.add((int) e);
            e *= reduction;
        }
        r.add(maxEpochs);
        this.rungs = List.copyOf(r);
    }

    /** A single rung of {@code epochs}: no early stopping. */
    public static Halving off(int epochs) {
        return new Halving(epochs, 2, epochs);
    }

    /** The epochs a trial has trained when it leaves each rung, ascending; the last is train.epochs. */
    public List<Integer> rungs() {
        return rungs;
    }

    /**
     * ASHA's promotion rule at one rung: of the trials that finished it with a usable objective ({@code results},
     * trial id to objective; NaN = failed), the best {@code floor(n / reduction)} (at least one when any finished),
     * minus those already promoted.
     *
     * @param maximize whether higher objectives are better
     * @return the ids to promote, best first (ties broken by the lower id)
     */
    public List<Integer> promotable(Map<Integer, Double> results, Set<Integer> alreadyPromoted, boolean maximize) {
        List<Map.Entry<Integer, Double>> finished = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : results.entrySet()) {
            if (!Double.isNaN(e.getValue())) {
                finished.add(e);
            }
        }
        Comparator<Map.Entry<Integer, Double>> byObjective = Comparator.comparingDouble(Map.Entry::getValue);
        if (maximize) {
            byObjective = byObjective.reversed();
        }
        finished.sort(byObjective.thenComparing(Map.Entry::getKey));
        int top = finished.isEmpty() ? 0 : Math.max(1, finished.size() / reduction);
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : finished.subList(0, top)) {
            if (!alreadyPromoted.contains(e.getKey())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Epoch-units a full sweep of {@code trials} trials trains when every promotion happens (for the ETA). */
    public long plannedEpochs(int trials) {
        long total = 0;
        int alive = trials;
        int done = 0;
        for (int rung : rungs) {
            total += (long) alive * (rung - done);
            done = rung;
            alive = Math.max(1, alive / reduction);
        }
        return total;
    }
}
