package io.attnspark.jobs.score;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.Iterator;
import java.util.List;

/** The line count of one input partition, as {@code {partition, lines}}: the first pass of line numbering. */
final class CountLinesFn implements Function2<Integer, Iterator<Tuple2<LongWritable, Text>>, Iterator<long[]>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<long[]> call(Integer partition, Iterator<Tuple2<LongWritable, Text>> lines) {
        long n = 0;
        while (lines.hasNext()) {
            lines.next();
            n++;
        }
        return List.of(new long[] {partition, n}).iterator();
    }
}
