package io.attnspark.prep.input;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.Iterator;

/** Splits each line of a scanned TSV file (exactly one tab, checked by the scan) into a pair. */
final class TsvPairsFn implements Function2<Integer, Iterator<Tuple2<LongWritable, Text>>, Iterator<Row>> {
    private static final long serialVersionUID = 1L;
    private final long[] offsets;
    private final PairMaker maker;

    TsvPairsFn(long[] offsets, PairMaker maker) {
        this.offsets = offsets;
        this.maker = maker;
    }

    @Override
    public Iterator<Row> call(Integer partition, Iterator<Tuple2<LongWritable, Text>> lines) {
        long first = offsets[partition] + 1;
        return new Iterator<>() {
            private long id = first;

            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public Row next() {
                String line = lines.next()._2().toString();
                int tab = line.indexOf('\t');
                return maker.make(id++, line.substring(0, tab), line.substring(tab + 1));
            }
        };
    }
}
