package io.attnspark.jobs.quickstart;

import io.attnspark.jobs.cli.JobContext;
import org.apache.hadoop.fs.Path;

/**
 * What {@code attnspark quickstart} asks for.
 *
 * @param context configuration, --master and --verbose
 * @param task    which demonstration to run
 * @param out     the output directory: prepared (it did not exist, or --overwrite removed it) and holding
 *                {@code resolved.conf}; the quickstart writes its stages into sub-directories of it
 */
public record QuickstartRequest(JobContext context, Task task, Path out) {
    /** The quickstart demonstrations. */
    public enum Task {
        /** Synthetic parallel corpus -> prep -> train -> translate -> BLEU. */
        TEXT,
        /** Synthetic images with captions -> prep -> train -> caption. */
        CAPTIONS
    }
}
