package io.attnspark.prep.input;

import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.Iterator;
import java.util.NoSuchElementException;

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
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean s = src.hasNext();
                if (s != tgt.hasNext()) {
                    throw new IllegalStateException("source and target partitions hold different line numbers");
                }
                return s;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Tuple2<Long, String> s = src.next();
                Tuple2<Long, String> t = tgt.next();
                if (s._1().longValue() != t._1().longValue()) {
                    throw new IllegalStateException("line " + s._1() + " of the source met line " + t._1() + " of the target");
                }
                return maker.make(s._1(), s._2(), t._2());
            }
        };
    }
}
