package io.attnspark.jobs.sweep;

import io.attnspark.config.AttnsparkConfig;

import java.nio.file.Path;

/**
 * One unit of a sweep's work: train trial {@code id} from {@code fromEpoch} epochs done to {@code toEpoch}.
 *
 * @param id        the trial's number (1-based)
 * @param config    the trial's resolved configuration (train.epochs is the sweep's last rung)
 * @param dir       the trial's directory ({@code DIR/trials/NNN}): metrics.jsonl and the model go there
 * @param fromEpoch epochs already trained (0 = a new model)
 * @param toEpoch   epochs trained when the step ends
 */
public record TrialStep(int id, AttnsparkConfig config, Path dir, int fromEpoch, int toEpoch) {
}
