package io.attnspark.jobs.sweep;

import io.attnspark.jobs.cli.JobContext;
import org.apache.hadoop.fs.Path;

import java.util.Optional;

/**
 * What {@code attnspark sweep} asks for.
 *
 * @param context the sweep file's configuration (defaults &lt;- sweep file &lt;- overrides), --master, --verbose
 * @param data    prepared data; empty = generate and prepare the quickstart's synthetic corpus into {@code out}
 * @param out     the sweep directory (prepared: did not exist, or --overwrite removed it; local file system)
 */
public record SweepRequest(JobContext context, Optional<Path> data, Path out) {
}
