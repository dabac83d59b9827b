package io.attnspark.prep.input;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.Iterator;
import java.util.NoSuchElementException;

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
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean s = src.hasNext();
                if (s != tgt.hasNext()) {
                    throw new IllegalStateException("source and target partitions have different line counts");
                }
                return s;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Tuple2<Long, String> s = src.next();
                return maker.make(s._1(), s._2(), tgt.next()._2().toString());
            }
        };
    }
}
