package io.attnspark.jobs.cli;

import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.score.ScoreJob;
import io.attnspark.jobs.score.ScoreRequest;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

@Command(name = "score", mixinStandardHelpOptions = true,
        header = "Translate, score or caption with a trained model (not available yet).", sortOptions = false,
        description = "Runs a trained model over an input on Spark: translate decodes each source line with beam "
                + "search (decode.* settings), score computes the log-probability of given source/target pairs, "
                + "caption describes images. Results (hypotheses, scores, BLEU when references are present) and "
                + "resolved.conf go to --out; --text-out also writes the best hypothesis of each input line as "
                + "plain text.")
public final class ScoreCommand extends AttnsparkCommand {
    @Option(names = "--model", paramLabel = "MODEL_DIR", required = true, description = "Model directory written by train.")
    private String model;

    @Option(names = "--input", paramLabel = "PATH", required = true,
            description = "Source text, TSV of pairs, or prepared data.")
    private String input;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Results directory to write.")
    private String out;

    @Option(names = "--text-out", paramLabel = "FILE", description = "Also write the best hypotheses as plain text.")
    private String textOut;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "translate",
            description = "translate, score or caption (default: ${DEFAULT-VALUE}).")
    private ScoreRequest.Mode mode;

    @Option(names = "--beam", paramLabel = "N", description = "Beam width, 1 = greedy; sets decode.beam.")
    private Integer beam;

    @Option(names = "--nbest", paramLabel = "N", defaultValue = "1",
            description = "Hypotheses kept per input, at most the beam width (default: ${DEFAULT-VALUE}).")
    private int nbest;

    @Override
    protected void checkOptions() {
        if (beam != null && beam < 1) {
            throw usage("Invalid value for option '--beam': " + beam + " (must be at least 1)");
        }
        if (nbest < 1) {
            throw usage("Invalid value for option '--nbest': " + nbest + " (must be at least 1)");
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
        Path modelPath = OutputPaths.requireExisting(model, "model");
        Path inputPath = OutputPaths.requireExisting(input, "input");
        if (!overwrite()) {
            for (String output : new String[] {out, textOut}) {
                if (output != null && OutputPaths.exists(output)) {
                    throw new CommandFailure("output " + output + " exists (use --overwrite to replace it)");
                }
            }
        }
        Path outPath = prepareOutputDirectory(out, context);
        Optional<Path> text = Optional.ofNullable(textOut).map(t -> OutputPaths.prepare(t, overwrite()));
        ScoreJob.run(new ScoreRequest(context, modelPath, inputPath, outPath, text, mode, nbest));
    }
}
