package io.attnspark.prep.input;

import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.Iterator;

/**
 * Pairs two partitions of (line number, line) that hold the same line numbers, each sorted by line number: a
 * streaming merge join (no hash table, nothing held in memory).
 */
final class MergeNumberedFn implements FlatMapFunction2<Iterator<Tuple2<Long, String>>, Iterator<Tuple2<Long, String>>, Row> {
    private static final long serialVersionUID = 1L;
    private final PairMaker maker;

    MergeNumberedFn(PairMaker maker) {
        this.maker = maker;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Long, String>> src, Iterator<Tuple2<Long, String>> tgt) {
        return new Lockstep<>(src, tgt, "source and target partitions hold different line numbers", (s, t) -> {
            if (s._1().longValue() != t._1().longValue()) {
                throw new IllegalStateException("line " + s._1() + " of the source met line " + t._1() + " of the target");
            }
            return maker.make(s._1(), s._2(), t._2());
        });
    }
}
