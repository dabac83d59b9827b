package io.attnspark.jobs.model;

import io.attnspark.jobs.cli.CommandFailure;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The element-wise mean of the parameters of checkpoints of one architecture (checkpoint averaging, as in
 * Vaswani et al. 2017 and Junczys-Dowmunt et al. 2016): the last few epochs of a run, averaged, often decode
 * better than any one of them. The result is the last checkpoint's graph with the mean parameters.
 */
public final class CheckpointAverage {
    private CheckpointAverage() {
    }

    /**
     * Loads {@code files} (at least two) and returns the last one's graph holding the mean of all their parameters.
     * Refuses, in one line naming the file, a checkpoint whose parameters differ in name or shape from the first's.
     */
    public static ComputationGraph of(List<Path> files, Configuration hadoop) throws IOException {
        if (files.size() < 2) {
            throw new CommandFailure("averaging needs at least two checkpoints, got " + files.size());
        }
        ComputationGraph first = load(files.get(0), hadoop);
        INDArray sum = first.params().dup();
        ComputationGraph last = first;
        for (Path f : files.subList(1, files.size())) {
            last = load(f, hadoop);
            checkSameParameters(files.get(0), first, f, last);
            sum.addi(last.params());
        }
        last.setParams(sum.divi(files.size()));
        return last;
    }

    private static ComputationGraph load(Path file, Configuration hadoop) throws IOException {
        if (!file.getFileSystem(hadoop).exists(file)) {
            throw new CommandFailure("checkpoint " + file + " does not exist");
        }
        try {
            return ModelDir.loadGraph(file, hadoop);
        } catch (IOException | RuntimeException e) {
            throw new CommandFailure("checkpoint " + file + " is not a model file written by train (model.zip, "
                    + "best.zip or epochs/epoch-N.zip): " + e.getMessage(), e);
        }
    }

    private static void checkSameParameters(Path firstFile, ComputationGraph first, Path file, ComputationGraph other) {
        Map<String, INDArray> expected = first.paramTable();
        Map<String, INDArray> actual = other.paramTable();
        if (!expected.keySet().equals(actual.keySet())) {
            throw new CommandFailure("checkpoint " + file + " is another architecture than " + firstFile
                    + ": its parameters are " + actual.keySet() + ", expected " + expected.keySet());
        }
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            long[] shape = actual.get(e.getKey()).shape();
            if (!Arrays.equals(shape, e.getValue().shape())) {
                throw new CommandFailure("checkpoint " + file + " is another architecture than " + firstFile
                        + ": parameter " + e.getKey() + " is " + Arrays.toString(shape) + ", expected "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
    }
}
