package io.attnspark.jobs.sweep;

import io.attnspark.config.AttnsparkConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One trial of a sweep as it progresses: its values, configuration, status and results. Mutable, driver-side. */
public final class Trial {
    /** Where a trial stands. */
    public enum Status {
        /** Not finished yet. */
        RUNNING,
        /** Trained every epoch of the last rung. */
        DONE,
        /** Left behind at a rung by successive halving. */
        STOPPED,
        /** Its configuration was refused or a step failed. */
        FAILED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final int id;
    private final Map<String, Object> values;
    private final AttnsparkConfig config;
    private Status status;
    private double objective = Double.NaN;
    private int epochs;
    private double seconds;
    private String error;
    private final List<Map<String, Object>> metrics = new ArrayList<>();

    /**
     * @param config the trial's configuration, or null when applying {@code values} failed ({@code error} says why)
     */
    Trial(int id, Map<String, Object> values, AttnsparkConfig config, String error) {
        this.id = id;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.config = config;
        this.error = error;
        this.status = config == null ? Status.FAILED : Status.RUNNING;
    }

    /** Takes in a step's result. */
    void record(StepResult result, SweepSettings.Objective objectiveKind) {
        seconds += result.seconds();
        metrics.addAll(result.epochs());
        if (!result.ok()) {
            status = Status.FAILED;
            error = result.error();
            return;
        }
        if (!result.epochs().isEmpty()) {
            epochs = ((Number) result.epochs().get(result.epochs().size() - 1).get("epoch")).intValue();
        }
        objective = result.objective(objectiveKind);
    }

    void finish(Status s) {
        if (status == Status.RUNNING) {
            status = s;
        }
    }

    public int id() {
        return id;
    }

    /** The trial's values of the search space, in dimension order. */
    public Map<String, Object> values() {
        return values;
    }

    public AttnsparkConfig config() {
        return config;
    }

    public Status status() {
        return status;
    }

    /** The objective after the last epoch trained (NaN when failed, or not measured). */
    public double objective() {
        return objective;
    }

    public int epochs() {
        return epochs;
    }

    public double seconds() {
        return seconds;
    }

    /** One line; null unless failed. */
    public String error() {
        return error;
    }

    /** Every epoch's metrics line, in order. */
    public List<Map<String, Object>> metrics() {
        return Collections.unmodifiableList(metrics);
    }
}
