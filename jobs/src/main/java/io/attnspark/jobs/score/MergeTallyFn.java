package io.attnspark.jobs.score;

import org.apache.spark.api.java.function.Function2;

/** Merges two partitions' {@link ScoreTally}s. */
final class MergeTallyFn implements Function2<ScoreTally, ScoreTally, ScoreTally> {
    private static final long serialVersionUID = 1L;

    @Override
    public ScoreTally call(ScoreTally a, ScoreTally b) {
        return a.merge(b);
    }
}
