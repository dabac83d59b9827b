package io.attnspark.jobs.train;

import io.attnspark.jobs.cli.CommandFailure;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.text.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;

/**
 * The last checkpoint of a model directory, to resume from: the graph with its updater state and the
 * number of epochs it has been trained (the epoch counter dl4j-spark keeps inside the checkpoint itself).
 */
record Checkpoint(ComputationGraph model, int epochsDone) {

    /** Loads the checkpoint of {@code dir}; refuses one trained on other vocabularies or already finished. */
    static Checkpoint of(ModelDir dir, PreparedCorpus data, int epochs) throws IOException {
        PreparedCorpus trainedOn = dir.text();
        check("source", data, data.srcVocabulary(), trainedOn.srcVocabulary(), dir);
        check("target", data, data.tgtVocabulary(), trainedOn.tgtVocabulary(), dir);
        ComputationGraph model = dir.loadModel();
        int done = model.getConfiguration().getEpochCount();
        if (done >= epochs) {
            throw new CommandFailure(dir.dir() + " has been trained for " + done + " epochs already; raise "
                    + "train.epochs (now " + epochs + ") to train on");
        }
        return new Checkpoint(model, done);
    }

    private static void check(String side, PreparedCorpus data, Vocabulary given, Vocabulary trained, ModelDir dir) {
        if (!given.sha256().equals(trained.sha256())) {
            throw new CommandFailure("the " + side + " vocabulary of " + data.dir() + " (sha256 " + given.sha256()
                    + ", " + given.size() + " entries) is not the one the model in " + dir.dir()
                    + " was trained with (sha256 " + trained.sha256() + ", " + trained.size() + " entries)");
        }
    }
}
