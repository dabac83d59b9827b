package io.attnspark.prep.vocab;

import io.attnspark.prep.JavaSerialized;
import io.attnspark.text.BpeCodes;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a word count into the counts of its BPE pieces (each word is segmented on its own, as
 * {@link BpeCodes#apply} does), so piece counts come from the distinct words, not from another pass over the
 * corpus. The key keeps its {@link SideKey} side; {@code tgt} is the target side's codes (null when joint).
 */
final class CountPiecesFn implements PairFlatMapFunction<Tuple2<String, Long>, String, Long> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<JavaSerialized<BpeCodes>> src;
    private final Broadcast<JavaSerialized<BpeCodes>> tgt;

    CountPiecesFn(Broadcast<JavaSerialized<BpeCodes>> src, Broadcast<JavaSerialized<BpeCodes>> tgt) {
        this.src = src;
        this.tgt = tgt;
    }

    @Override
    public Iterator<Tuple2<String, Long>> call(Tuple2<String, Long> wordCount) {
        char side = SideKey.side(wordCount._1());
        BpeCodes codes = (side == SideKey.TGT ? tgt : src).value().get();
        List<String> pieces = codes.apply(List.of(SideKey.token(wordCount._1())));
        List<Tuple2<String, Long>> out = new ArrayList<>(pieces.size());
        for (String piece : pieces) {
            out.add(new Tuple2<>(SideKey.of(side, piece), wordCount._2()));
        }
        return out.iterator();
    }
}
