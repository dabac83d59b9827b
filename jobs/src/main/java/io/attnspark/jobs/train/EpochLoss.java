package io.attnspark.jobs.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.Serializable;

/**
 * The training loss of one epoch over every minibatch the workers fitted in it, not only the last averaging round's:
 * Spark accumulators sum, per fitted minibatch, the graph's score (the loss of the minibatch's examples, summed over
 * time, per example, computed by the fit before its update) times its examples, and its target tokens. Their
 * quotient is the epoch's mean training loss per target token (label-smoothed when label smoothing is on).
 * A task that Spark runs again (a lost executor) adds its minibatches again.
 */
final class EpochLoss implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ExampleCount EXAMPLES = new ExampleCount();
    private static final TargetTokenCount TOKENS = new TargetTokenCount();
    private final DoubleAccumulator loss;
    private final DoubleAccumulator tokens;

    private EpochLoss(DoubleAccumulator loss, DoubleAccumulator tokens) {
        this.loss = loss;
        this.tokens = tokens;
    }

    /** New accumulators, registered with {@code sc}, for one epoch. */
    static EpochLoss start(JavaSparkContext sc, int epoch) {
        return new EpochLoss(sc.sc().doubleAccumulator("training loss, epoch " + epoch),
                sc.sc().doubleAccumulator("training target tokens, epoch " + epoch));
    }

    /** On a worker, after {@code net} has fitted {@code batch}. */
    void fitted(ComputationGraph net, MultiDataSet batch) {
        loss.add(net.score() * EXAMPLES.call(batch));
        tokens.add(TOKENS.call(batch));
    }

    /** On the driver, after the epoch: the target tokens fitted in it (for the epoch's tokens per second). */
    long tokens() {
        return Math.round(tokens.value());
    }

    /** On the driver, after the epoch: the mean loss per target token (NaN when nothing was fitted). */
    double perToken() {
        double t = tokens.value();
        return t > 0 ? loss.value() / t : Double.NaN;
    }
}
