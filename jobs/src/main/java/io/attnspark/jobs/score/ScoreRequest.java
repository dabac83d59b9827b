package io.attnspark.jobs.score;

import io.attnspark.jobs.cli.JobContext;
import org.apache.hadoop.fs.Path;

import java.util.Optional;

/**
 * What {@code attnspark score} asks for. The beam width is {@code decode.beam} of the configuration
 * ({@code --beam} sets it); how the input is read is the {@code score} section.
 *
 * @param context    configuration (decode and score sections, spark), --master and --verbose
 * @param model      the model directory written by train (exists)
 * @param input      what to score: source text, a TSV of pairs, or prepared data (exists)
 * @param out        the results directory: prepared and holding {@code resolved.conf}; the job writes
 *                   {@code results/} (Parquet) and {@code summary.json} into it
 * @param textOut    a plain-text file for the best hypotheses (score mode: log-probabilities), one per input
 *                   line (prepared: does not exist), if asked for
 * @param mode       translate, score (log-probability of given pairs) or caption
 * @param nbest      hypotheses kept per input, 1 &lt;= nbest &lt;= decode.beam
 * @param alignments keep the attention matrix of each best hypothesis (translate mode)
 */
public record ScoreRequest(JobContext context, Path model, Path input, Path out, Optional<Path> textOut,
                           Mode mode, int nbest, boolean alignments) {
    /** What score does with its input. */
    public enum Mode {
        TRANSLATE, SCORE, CAPTION
    }
}
