package io.attnspark.prep.input;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.Iterator;

/** Gives every line its 1-based line number in the file, from the partition offsets of the scan pass. */
final class NumberLinesFn implements Function2<Integer, Iterator<Tuple2<LongWritable, Text>>, Iterator<Tuple2<Long, String>>> {
    private static final long serialVersionUID = 1L;
    private final long[] offsets;

    NumberLinesFn(long[] offsets) {
        this.offsets = offsets;
    }

    @Override
    public Iterator<Tuple2<Long, String>> call(Integer partition, Iterator<Tuple2<LongWritable, Text>> lines) {
        long first = offsets[partition] + 1;
        return new Iterator<>() {
            private long next = first;

            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public Tuple2<Long, String> next() {
                return new Tuple2<>(next++, lines.next()._2().toString());
            }
        };
    }
}
