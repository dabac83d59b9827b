package io.attnspark.prep.input;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.Iterator;
import java.util.List;

/** Counts the lines of one input partition and finds its first invalid line, without decoding any text. */
final class ScanLinesFn implements Function2<Integer, Iterator<Tuple2<LongWritable, Text>>, Iterator<PartitionScan>> {
    private static final long serialVersionUID = 1L;
    private final boolean tsv;

    ScanLinesFn(boolean tsv) {
        this.tsv = tsv;
    }

    @Override
    public Iterator<PartitionScan> call(Integer partition, Iterator<Tuple2<LongWritable, Text>> lines) {
        long n = 0;
        long badUtf8 = -1;
        long badTsv = -1;
        int badColumns = 0;
        while (lines.hasNext()) {
            Text line = lines.next()._2();
            byte[] bytes = line.getBytes();
            int length = line.getLength();
            if (badUtf8 < 0 && !Utf8.isValid(bytes, length)) {
                badUtf8 = n;
            }
            if (tsv && badTsv < 0) {
                int columns = 1;
                for (int i = 0; i < length; i++) {
                    if (bytes[i] == '\t') {
                        columns++;
                    }
                }
                if (columns != 2) {
                    badTsv = n;
                    badColumns = columns;
                }
            }
            n++;
        }
        return List.of(new PartitionScan(partition, n, badUtf8, badTsv, badColumns)).iterator();
    }
}
