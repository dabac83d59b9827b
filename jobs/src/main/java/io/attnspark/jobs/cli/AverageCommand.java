package io.attnspark.jobs.cli;

import io.attnspark.jobs.io.OutputPaths;
import io.attnspark.jobs.model.CheckpointAverage;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.jobs.model.ModelKind;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

@Command(name = "average", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Average the parameters of a model's checkpoints into a new model directory.",
        description = "Checkpoint averaging: the element-wise mean of the parameters of several checkpoints of one "
                + "run, usually its best epoch and the few before it, which can decode better than any one of them "
                + "(averaging epochs past the best one, when the validation loss rises, tends to decode worse). The "
                + "checkpoints are epochs kept by train (train.keep-epochs=N keeps the last N in MODEL_DIR/epochs/), "
                + "chosen with --last or --epochs, or graph files given with --checkpoint (model.zip or best.zip "
                + "copies of the same architecture). --out becomes a model directory that score takes like any "
                + "other: best.zip (the averaged graph), text/, resolved.conf and metrics.jsonl of MODEL_DIR, and "
                + "model.json recording which checkpoints were averaged.")
public final class AverageCommand extends AttnsparkCommand {
    @Option(names = "--model", paramLabel = "MODEL_DIR", required = true,
            description = "Model directory written by train: its text/ and configuration go with the average.")
    private String model;

    @Option(names = "--last", paramLabel = "N", description = "Average the last N epochs kept in MODEL_DIR/epochs/.")
    private Integer last;

    @Option(names = "--epochs", paramLabel = "E", split = ",",
            description = "Average these epochs kept in MODEL_DIR/epochs/, e.g. --epochs 8,9,10.")
    private List<Integer> epochs;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A graph file to average (give it two or more times): model.zip, best.zip or "
                    + "epochs/epoch-N.zip of runs of MODEL_DIR's architecture and vocabulary.")
    private List<String> checkpoints;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Model directory to write.")
    private String out;

    @Override
    protected void checkOptions() {
        int given = (last != null ? 1 : 0) + (epochs != null ? 1 : 0) + (checkpoints != null ? 1 : 0);
        if (given != 1) {
            throw usage("give exactly one of --last N, --epochs E,E,... and --checkpoint FILE (given " + given + ")");
        }
        if (last != null && last < 2) {
            throw usage("Invalid value for option '--last': " + last + " (averaging needs at least 2 checkpoints)");
        }
        if (epochs != null && epochs.stream().distinct().count() < 2) {
            throw usage("--epochs " + epochs.stream().map(String::valueOf).collect(Collectors.joining(","))
                    + ": averaging needs at least 2 different epochs");
        }
        if (checkpoints != null && checkpoints.size() < 2) {
            throw usage("--checkpoint is given once: averaging needs at least 2 checkpoints");
        }
    }

    @Override
    protected void run(JobContext context) throws Exception {
        Configuration hadoop = new Configuration();
        Path modelPath = OutputPaths.qualified(model);
        ModelKind kind = ModelKind.of(modelPath, hadoop);
        ModelDir source = new ModelDir(modelPath, hadoop);
        List<Path> files = new ArrayList<>();
        List<Integer> averagedEpochs = new ArrayList<>();
        if (checkpoints != null) {
            for (String c : checkpoints) {
                files.add(OutputPaths.qualified(c));
            }
        } else {
            List<Integer> kept = source.keptEpochs();
            List<Integer> chosen = last != null ? kept.subList(Math.max(0, kept.size() - last), kept.size())
                    : epochs.stream().distinct().sorted().toList();
            if (last != null && kept.size() < last) {
                throw new CommandFailure("model " + modelPath + " keeps " + describe(kept) + " in " + ModelDir.EPOCHS
                        + "/, --last " + last + " needs " + last + " (train with train.keep-epochs=" + last
                        + " or more)");
            }
            for (int e : chosen) {
                if (!kept.contains(e)) {
                    throw new CommandFailure("model " + modelPath + " keeps no epoch " + e + " in " + ModelDir.EPOCHS
                            + "/ (it keeps " + describe(kept) + "; train.keep-epochs sets how many)");
                }
                files.add(source.epochFile(e));
                averagedEpochs.add(e);
            }
        }
        Path outPath = OutputPaths.qualified(out);
        if (within(outPath, modelPath) || within(modelPath, outPath)) {
            throw new CommandFailure("--out " + outPath + " and --model " + modelPath + " overlap: the average goes to "
                    + "a new model directory, next to the model, not in or over it");
        }
        long start = System.nanoTime();
        ComputationGraph averaged = CheckpointAverage.of(files, hadoop);

        outPath = OutputPaths.prepare(out, overwrite(), hadoop);
        ModelDir target = new ModelDir(outPath, hadoop);
        target.copyTrainingRecord(source);
        target.saveBest(averaged);
        Map<String, Object> provenance = new LinkedHashMap<>(source.provenance());
        Map<String, Object> average = new LinkedHashMap<>();
        average.put("model", modelPath.toString());
        average.put("checkpoints", files.stream().map(Path::toString).toList());
        if (!averagedEpochs.isEmpty()) {
            average.put("epochs", averagedEpochs);
        }
        provenance.put("averaged", average);
        target.saveProvenance(provenance);
        out().printf(Locale.ROOT, "average: %s of %s, %s: %,d parameters averaged into %s in %.1f s%n",
                averagedEpochs.isEmpty() ? files.size() + " checkpoints" : describe(averagedEpochs),
                modelPath, kind.describe(), averaged.numParams(), new Path(outPath, ModelDir.BEST),
                (System.nanoTime() - start) / 1e9);
        out().flush();
    }

    /** Whether {@code path} is {@code dir} or lies under it. */
    private static boolean within(Path path, Path dir) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (p.equals(dir)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(List<Integer> epochs) {
        return epochs.isEmpty() ? "no epochs" : (epochs.size() == 1 ? "epoch " : "epochs ")
                + epochs.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
