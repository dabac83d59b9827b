package io.attnspark.prep.input;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.Iterator;

/**
 * Pairs the lines of two files whose partitions hold the same line numbers (same layout), so no shuffle is
 * needed: the n-th line of a numbered source partition is the n-th line of the raw target partition.
 */
final class ZipAlignedFn implements FlatMapFunction2<Iterator<Tuple2<Long, String>>, Iterator<Tuple2<LongWritable, Text>>, Row> {
    private static final long serialVersionUID = 1L;
    private final PairMaker maker;

    ZipAlignedFn(PairMaker maker) {
        this.maker = maker;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Long, String>> src, Iterator<Tuple2<LongWritable, Text>> tgt) {
        return new Lockstep<>(src, tgt, "source and target partitions have different line counts",
                (s, t) -> maker.make(s._1(), s._2(), t._2().toString()));
    }
}
