package io.attnspark.jobs.train;

import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.captions.PreparedCaptions;
import io.attnspark.text.Vocabulary;
import io.attnspark.train.TrainConfig;
import io.attnspark.train.TrainingControl;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The last checkpoint of a model directory, to resume from: the graph with its updater state and the
 * number of epochs it has been trained (the epoch counter dl4j-spark keeps inside the checkpoint itself).
 */
public record Checkpoint(ComputationGraph model, int epochsDone) {

    /** Loads the checkpoint of a translation model; refuses one trained on other vocabularies or already finished. */
    static Checkpoint of(ModelDir dir, PreparedCorpus data, int epochs) throws IOException {
        PreparedCorpus trainedOn = dir.text();
        check("source", data.dir(), data.srcVocabulary(), trainedOn.srcVocabulary(), dir);
        check("target", data.dir(), data.tgtVocabulary(), trainedOn.tgtVocabulary(), dir);
        return load(dir, epochs);
    }

    /**
     * Loads the checkpoint of a captioner; refuses one trained on another caption vocabulary or image size, or
     * already finished.
     */
    public static Checkpoint ofCaptions(ModelDir dir, PreparedCaptions data, int epochs) throws IOException {
        PreparedCaptions trainedOn = dir.captions();
        check("caption", data.dir(), data.vocabulary(), trainedOn.vocabulary(), dir);
        if (data.imageSize() != trainedOn.imageSize()) {
            throw new CommandFailure("the images of " + data.dir() + " are " + data.imageSize() + " px, but the model in "
                    + dir.dir() + " was trained on " + trainedOn.imageSize() + " px images");
        }
        return load(dir, epochs);
    }

    /**
     * The training control of the resumed run: {@link TrainingControl#resume} over {@code metrics.jsonl}'s
     * validation loss and {@code bleuKey} (the greedy validation BLEU the job records) of every finished epoch. Under
     * the plateau schedule the model then trains on at the learning rate that replay arrives at (a decay decided
     * after the last finished epoch included); under the others at the checkpoint's. When the replay finds the
     * last finished epoch the best one, {@code best.zip} is rewritten from the checkpoint.
     */
    public TrainingControl control(ModelDir dir, TrainConfig train, String bleuKey) throws IOException {
        List<double[]> history = new ArrayList<>();
        for (Map<String, Object> m : dir.metrics()) {
            history.add(new double[]{number(m.get("valid_loss")), number(m.get(bleuKey))});
        }
        TrainingControl control = TrainingControl.resume(train, history);
        if (train.schedule() == TrainConfig.Schedule.PLATEAU && control.learningRate() != learningRate()) {
            model.setLearningRate(control.learningRate());
        }
        if (!history.isEmpty() && control.sinceBest() == 0) {
            // the last finished epoch is the best one: best.zip is this checkpoint, even when the run before
            // selected by another train.select-by
            dir.saveBest(model);
        }
        return control;
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Prints the one line that says where training resumes. */
    public void announce(PrintStream progress, ModelDir dir, int epochs, TrainingControl control) {
        progress.printf(Locale.ROOT, "train: resuming %s after epoch %d of %d (learning rate %.3g, best epoch by "
                + "%s, %d epochs ago)%n", dir.dir(), epochsDone, epochs, learningRate(), control.bestDescription(),
                control.sinceBest());
    }

    private double learningRate() {
        return learningRate(model);
    }

    /**
     * The learning rate the updater of {@code graph}'s first layer holds now: the plateau schedule sets every
     * layer's alike, and a checkpoint carries it in its updater configuration.
     */
    public static double learningRate(ComputationGraph graph) {
        return graph.getLearningRate(graph.getLayers()[0].conf().getLayer().getLayerName());
    }

    private static Checkpoint load(ModelDir dir, int epochs) throws IOException {
        ComputationGraph model = dir.loadModel();
        int done = model.getConfiguration().getEpochCount();
        if (done >= epochs) {
            throw new CommandFailure(dir.dir() + " has been trained for " + done + " epochs already; raise "
                    + "train.epochs (now " + epochs + ") to train on");
        }
        return new Checkpoint(model, done);
    }

    private static void check(String side, String dataDir, Vocabulary given, Vocabulary trained, ModelDir dir) {
        if (!given.sha256().equals(trained.sha256())) {
            throw new CommandFailure("the " + side + " vocabulary of " + dataDir + " (sha256 " + given.sha256()
                    + ", " + given.size() + " entries) is not the one the model in " + dir.dir()
                    + " was trained with (sha256 " + trained.sha256() + ", " + trained.size() + " entries)");
        }
    }
}
