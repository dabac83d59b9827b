package io.attnspark.jobs.train;

import io.attnspark.jobs.cli.JobContext;
import org.apache.hadoop.fs.Path;

/**
 * What {@code attnspark train} asks for.
 *
 * @param context configuration (model, train, spark sections), --master and --verbose
 * @param data    the prepared data directory (output of prep-text); it exists
 * @param out     the model directory. Without {@code resume} it was prepared (did not exist, or --overwrite
 *                removed it) and holds {@code resolved.conf}; with {@code resume} it exists and holds the
 *                run to continue (its {@code resolved.conf} has been replaced by this run's)
 * @param resume  continue from the last checkpoint in {@code out}
 */
public record TrainRequest(JobContext context, Path data, Path out, boolean resume) {
}
