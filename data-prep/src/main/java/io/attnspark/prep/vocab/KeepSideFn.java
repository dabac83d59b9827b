package io.attnspark.prep.vocab;

import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/** Keeps the counts of one {@link SideKey} side that reach {@code minCount}. */
final class KeepSideFn implements Function<Tuple2<String, Long>, Boolean> {
    private static final long serialVersionUID = 1L;
    private final char side;
    private final long minCount;

    KeepSideFn(char side, long minCount) {
        this.side = side;
        this.minCount = minCount;
    }

    @Override
    public Boolean call(Tuple2<String, Long> count) {
        return count._2() >= minCount && SideKey.side(count._1()) == side;
    }
}
