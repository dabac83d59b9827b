package io.attnspark.jobs.cli;

import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.score.CaptionScoreJob;
import io.attnspark.jobs.score.CaptionScoreRequest;
import io.attnspark.jobs.score.ScoreJob;
import io.attnspark.jobs.score.ScoreRequest;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

@Command(name = "score", mixinStandardHelpOptions = true,
        header = "Translate or score a corpus, or caption images, with a trained model on Spark.", sortOptions = false,
        description = "Runs a trained model over an input on Spark, partition by partition (the corpus may be far "
                + "larger than memory). translate decodes each source line with beam search (decode.* settings; "
                + "greedy for beam 1); score computes the log-probability of each given target, in total and per "
                + "token. The input is plain source text (gzip or not), a TSV of source<TAB>target lines (the "
                + "target is the reference: BLEU and chrF are reported) or prepared data (score.split, default "
                + "test). Sources longer than score.max-source-length tokens, empty lines and unreadable lines get "
                + "a status (too_long, empty, error) instead of failing the job. Results go to --out: results/ "
                + "(Parquet: id, input, status, message, hypotheses, scores, ...), summary.json (counts, "
                + "records/s, tokens/s, BLEU/chrF) and resolved.conf; --text-out also writes one line per input "
                + "line, in input order: the best hypothesis (score mode: the log-probability), empty for a line "
                + "that is not ok. --mode caption captions a directory of images (JPEG, PNG; sorted by relative path) "
                + "with a caption model: each image is decoded, centre-cropped and resized as prep-captions does, "
                + "captioned (greedy for beam 1, else beam search) and written to results/ (id, image, status, "
                + "message, caption, score = log-probability, words); an undecodable image gets status error and "
                + "does not fail the job; --text-out writes IMAGE<TAB>caption lines and --attention-maps one PNG per "
                + "image with a panel per generated word (the attention over the image).")
public final class ScoreCommand extends AttnsparkCommand {
    @Option(names = "--model", paramLabel = "MODEL_DIR", required = true,
            description = "Model directory written by train. --mode caption: give it more than once to caption with an "
                    + "ensemble of the models, trained on one prep-captions output (every word from the mean of their "
                    + "probabilities; attention maps show the mean of their attention).")
    private List<String> models;

    @Option(names = "--input", paramLabel = "PATH", required = true,
            description = "Source text (one sentence a line, .gz or not), a TSV of source<TAB>target lines "
                    + "(name ending .tsv or .tsv.gz), or prepared data (the --out of prep-text); see score.input-format. "
                    + "--mode caption: a directory of images (.jpg, .jpeg, .png, searched recursively).")
    private String input;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Results directory to write.")
    private String out;

    @Option(names = "--text-out", paramLabel = "FILE", description = "Also write one line per input line: the best hypothesis (score mode: the log-probability; "
                    + "caption mode: IMAGE<TAB>caption).")
    private String textOut;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "translate",
            description = "translate, score or caption (default: ${DEFAULT-VALUE}).")
    private ScoreRequest.Mode mode;

    @Option(names = "--beam", paramLabel = "N", description = "Beam width, 1 = greedy; sets decode.beam.")
    private Integer beam;

    @Option(names = "--nbest", paramLabel = "N", defaultValue = "1",
            description = "Hypotheses kept per input, at most the beam width (default: ${DEFAULT-VALUE}).")
    private int nbest;

    @Option(names = "--alignments", description = "Also store the attention matrix of each best hypothesis (translate).")
    private boolean alignments;

    @Option(names = "--attention-maps", paramLabel = "DIR",
            description = "Caption mode: write DIR/IMAGE.png per image, one panel per generated word showing the "
                    + "image with that word's attention as a heat overlay.")
    private String attentionMaps;

    @Option(names = "--references", paramLabel = "FILE",
            description = "Caption mode: a captions file (Flickr8k token file, CSV or COCO JSON, as prep-captions "
                    + "reads) whose captions of each image, named by its path under --input, are the references of "
                    + "corpus BLEU-1..4 over the captioned images that have any (printed and in summary.json).")
    private String references;

    @Override
    protected void checkOptions() {
        if (beam != null && beam < 1) {
            throw usage("Invalid value for option '--beam': " + beam + " (must be at least 1)");
        }
        if (nbest < 1) {
            throw usage("Invalid value for option '--nbest': " + nbest + " (must be at least 1)");
        }
        if (attentionMaps != null && mode != ScoreRequest.Mode.CAPTION) {
            throw usage("--attention-maps applies to --mode caption");
        }
        if (references != null && mode != ScoreRequest.Mode.CAPTION) {
            throw usage("--references applies to --mode caption (translate takes references from a TSV input)");
        }
        if (models.size() > 1 && mode != ScoreRequest.Mode.CAPTION) {
            throw usage("--model is given " + models.size() + " times: an ensemble of models applies to --mode caption");
        }
        if (mode == ScoreRequest.Mode.CAPTION && (alignments || nbest > 1)) {
            throw usage((alignments ? "--alignments" : "--nbest") + " applies to --mode translate, not --mode caption");
        }
        if (mode == ScoreRequest.Mode.SCORE && (alignments || nbest > 1)) {
            throw usage((alignments ? "--alignments" : "--nbest") + " applies to --mode translate, not --mode score");
        }
    }

    @Override
    protected List<String> configOverrides() {
        return beam == null ? List.of() : List.of("decode.beam=" + beam);
    }

    @Override
    protected void run(JobContext context) throws Exception {
        int effectiveBeam = context.config().config().getInt("decode.beam");
        if (nbest > effectiveBeam) {
            throw usage("--nbest " + nbest + " exceeds the beam width " + effectiveBeam + " (decode.beam)");
        }
        List<Path> modelPaths = models.stream().map(m -> OutputPaths.requireExisting(m, "model")).toList();
        Path modelPath = modelPaths.get(0);
        Path inputPath = OutputPaths.requireExisting(input, "input");
        if (!overwrite()) {
            for (String output : new String[] {out, textOut, attentionMaps}) {
                if (output != null && OutputPaths.exists(output)) {
                    throw new CommandFailure("output " + output + " exists (use --overwrite to replace it)");
                }
            }
        }
        if (mode == ScoreRequest.Mode.CAPTION) {
            CaptionScoreJob.check(modelPaths, inputPath);
            Path outPath = prepareOutputDirectory(out, context);
            Optional<Path> text = Optional.ofNullable(textOut).map(t -> OutputPaths.prepare(t, overwrite()));
            Optional<Path> maps = Optional.ofNullable(attentionMaps).map(m -> OutputPaths.prepare(m, overwrite()));
            Optional<Path> refs = Optional.ofNullable(references)
                    .map(r -> OutputPaths.requireExisting(r, "references"));
            CaptionScoreJob.run(new CaptionScoreRequest(context, modelPaths, inputPath, outPath, text, maps, refs));
            return;
        }
        ScoreJob.checkModel(modelPath, mode);
        ScoreJob.check(context, inputPath, mode, nbest, alignments);
        Path outPath = prepareOutputDirectory(out, context);
        Optional<Path> text = Optional.ofNullable(textOut).map(t -> OutputPaths.prepare(t, overwrite()));
        ScoreJob.run(new ScoreRequest(context, modelPath, inputPath, outPath, text, mode, nbest, alignments));
    }
}
