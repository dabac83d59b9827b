package io.attnspark.prep.vocab;

import io.attnspark.text.Tokenizer;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Token counts of normalised pairs (columns 2 and 3 hold the source and target text), pre-aggregated per
 * partition in a bounded map so the shuffle carries one record per distinct token and partition rather than
 * one per token occurrence. Keys are {@link SideKey}s. When the map holds {@link #MAX_DISTINCT} keys its
 * partial counts are emitted and it starts again, so memory stays bounded whatever the corpus.
 */
final class CountTokensFn implements FlatMapFunction<Iterator<Row>, Tuple2<String, Long>> {
    private static final long serialVersionUID = 1L;
    static final int MAX_DISTINCT = 1 << 20;
    private final Tokenizer tokenizer;
    private final boolean joint;

    CountTokensFn(Tokenizer tokenizer, boolean joint) {
        this.tokenizer = tokenizer;
        this.joint = joint;
    }

    @Override
    public Iterator<Tuple2<String, Long>> call(Iterator<Row> rows) {
        char srcSide = joint ? SideKey.JOINT : SideKey.SRC;
        char tgtSide = joint ? SideKey.JOINT : SideKey.TGT;
        Map<String, long[]> counts = new HashMap<>();
        return new Iterator<>() {
            private Iterator<Map.Entry<String, long[]>> pending = null;

            @Override
            public boolean hasNext() {
                while (pending == null || !pending.hasNext()) {
                    counts.clear();
                    if (!rows.hasNext()) {
                        return false;
                    }
                    while (rows.hasNext() && counts.size() < MAX_DISTINCT) {
                        Row r = rows.next();
                        add(srcSide, r.getString(2));
                        add(tgtSide, r.getString(3));
                    }
                    pending = counts.entrySet().iterator();
                }
                return true;
            }

            @Override
            public Tuple2<String, Long> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, long[]> e = pending.next();
                return new Tuple2<>(e.getKey(), e.getValue()[0]);
            }

            private void add(char side, String text) {
                for (String token : tokenizer.tokenize(text)) {
                    counts.computeIfAbsent(SideKey.of(side, token), k -> new long[1])[0]++;
                }
            }
        };
    }
}
