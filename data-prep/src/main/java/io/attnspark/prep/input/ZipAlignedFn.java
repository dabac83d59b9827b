package io.attnspark.prep.input;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Pairs the lines of two files whose partitions hold the same line numbers (same layout), so no shuffle is
 * needed: the n-th line of a source partition is the n-th line of the target partition.
 */
final class ZipAlignedFn implements FlatMapFunction2<Iterator<Tuple2<LongWritable, Text>>, Iterator<Tuple2<LongWritable, Text>>, Row> {
    private static final long serialVersionUID = 1L;
    private final long[] offsets;
    private final PairMaker maker;

    ZipAlignedFn(long[] offsets, PairMaker maker) {
        this.offsets = offsets;
        this.maker = maker;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<LongWritable, Text>> src, Iterator<Tuple2<LongWritable, Text>> tgt) {
        long first = offsets[TaskContext.getPartitionId()] + 1;
        return new Iterator<>() {
            private long id = first;

            @Override
            public boolean hasNext() {
                boolean s = src.hasNext();
                if (s != tgt.hasNext()) {
                    throw new IllegalStateException("partition layouts differ after line " + (id - 1));
                }
                return s;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String s = src.next()._2().toString();
                String t = tgt.next()._2().toString();
                return maker.make(id++, s, t);
            }
        };
    }
}
