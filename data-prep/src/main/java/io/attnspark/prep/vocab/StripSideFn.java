package io.attnspark.prep.vocab;

import org.apache.spark.api.java.function.PairFunction;
import scala.Tuple2;

/** Drops the {@link SideKey} side character from a count's key. */
final class StripSideFn implements PairFunction<Tuple2<String, Long>, String, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Tuple2<String, Long> call(Tuple2<String, Long> count) {
        return new Tuple2<>(SideKey.token(count._1()), count._2());
    }
}
