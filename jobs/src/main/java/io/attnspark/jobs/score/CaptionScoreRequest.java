package io.attnspark.jobs.score;

import io.attnspark.jobs.cli.JobContext;
import org.apache.hadoop.fs.Path;

import java.util.List;
import java.util.Optional;

/**
 * What {@code attnspark score --mode caption} asks for. The beam width is {@code decode.beam} of the
 * configuration ({@code --beam} sets it), images go to the model in batches of {@code decode.batch-size}.
 *
 * @param context       configuration (decode and score sections, spark), --master and --verbose
 * @param models        caption model directories written by train (exist): one model, or the models of an
 *                      ensemble (their mean word probabilities at every step), trained on one prep-captions output
 * @param images        a directory of images (JPEG, PNG), searched recursively (exists)
 * @param out           the results directory: prepared and holding {@code resolved.conf}
 * @param textOut       a text file for {@code IMAGE<TAB>caption} lines in input order (prepared), if asked for
 * @param attentionMaps a directory for one attention-map PNG per image (prepared), if asked for
 * @param references    a captions file (any prep-captions format) whose captions are the references of BLEU-1..4,
 *                      if asked for
 */
public record CaptionScoreRequest(JobContext context, List<Path> models, Path images, Path out, Optional<Path> textOut,
                                  Optional<Path> attentionMaps, Optional<Path> references) {

    public CaptionScoreRequest {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a caption run needs a model");
        }
        models = List.copyOf(models);
    }

    /** One model. */
    public CaptionScoreRequest(JobContext context, Path model, Path images, Path out, Optional<Path> textOut,
                               Optional<Path> attentionMaps, Optional<Path> references) {
        this(context, List.of(model), images, out, textOut, attentionMaps, references);
    }

    /** A request without references. */
    public CaptionScoreRequest(JobContext context, Path model, Path images, Path out, Optional<Path> textOut,
                               Optional<Path> attentionMaps) {
        this(context, model, images, out, textOut, attentionMaps, Optional.empty());
    }
}
