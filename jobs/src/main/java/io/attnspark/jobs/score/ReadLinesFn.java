package io.attnspark.jobs.score;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Turns the lines of one partition of a text or TSV input into {@link ScoreInput}s numbered by their
 * 0-based line in the file (from the partition offsets of {@link CountLinesFn}). A line that is not valid
 * UTF-8, or a TSV line without exactly one tab, becomes an input with a problem instead of failing the job.
 */
final class ReadLinesFn implements Function2<Integer, Iterator<Tuple2<LongWritable, Text>>, Iterator<ScoreInput>> {
    private static final long serialVersionUID = 1L;
    private final long[] offsets;
    private final boolean tsv;

    /**
     * @param offsets 0-based line number of the first line of each partition
     * @param tsv     split each line into source and target at its one tab
     */
    ReadLinesFn(long[] offsets, boolean tsv) {
        this.offsets = offsets;
        this.tsv = tsv;
    }

    @Override
    public Iterator<ScoreInput> call(Integer partition, Iterator<Tuple2<LongWritable, Text>> lines) {
        long first = offsets[partition];
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        return new Iterator<>() {
            private long id = first;

            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public ScoreInput next() {
                Text text = lines.next()._2();   // reused by the reader: decoded before the next line
                long lineId = id++;
                String line;
                try {
                    CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(text.getBytes(), 0, text.getLength()));
                    line = chars.toString();
                } catch (CharacterCodingException e) {
                    return new ScoreInput(lineId, "", null, "line is not valid UTF-8");
                }
                if (!tsv) {
                    return new ScoreInput(lineId, line, null, null);
                }
                int tab = line.indexOf('\t');
                if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
                    int columns = (int) line.chars().filter(c -> c == '\t').count() + 1;
                    return new ScoreInput(lineId, line, null, "line has " + columns + " tab-separated column"
                            + (columns == 1 ? "" : "s") + ", expected 2 (source<TAB>target)");
                }
                return new ScoreInput(lineId, line.substring(0, tab), line.substring(tab + 1), null);
            }
        };
    }
}
