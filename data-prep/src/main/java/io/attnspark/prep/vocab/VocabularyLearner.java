package io.attnspark.prep.vocab;

import io.attnspark.prep.JavaSerialized;
import io.attnspark.prep.StageTimer;
import io.attnspark.text.BpeCodes;
import io.attnspark.text.BpeLearner;
import io.attnspark.text.Tokenizer;
import io.attnspark.text.Vocabulary;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns the vocabularies (and BPE codes) from the training pairs. Token counting is distributed
 * ({@code reduceByKey} over per-partition pre-aggregated counts); only the selected entries reach the driver:
 * <ul>
 *   <li>word vocabularies: the tokens whose count reaches both {@code min-count} and the
 *       {@code max-size}-th largest count (ties included), which is exactly what
 *       {@link Vocabulary#fromCounts} would pick from the full counts;</li>
 *   <li>BPE: the distinct words with their counts go to {@link BpeLearner} on the driver (so the word
 *       dictionary of the training split must fit in driver memory, as with subword-nmt); the codes are then
 *       broadcast, the piece counts computed from the distinct words on the executors, and the piece
 *       vocabulary selected as above ({@code min-count} does not apply to pieces).</li>
 * </ul>
 */
public final class VocabularyLearner {
    /** What was learned; with a joint vocabulary the two sides are the same objects; BPE codes null for words. */
    public record Learned(Vocabulary src, Vocabulary tgt, BpeCodes srcBpe, BpeCodes tgtBpe) {
    }

    /**
     * Settings of the learner.
     *
     * @param bpe       BPE pieces (true) or whole words
     * @param joint     one vocabulary (and codes) for both sides
     * @param minCount  minimum count of a word
     * @param maxSize   maximum entries, specials included
     * @param bpeMerges number of merges
     */
    public record Settings(boolean bpe, boolean joint, int minCount, int maxSize, int bpeMerges) {
    }

    private VocabularyLearner() {
    }

    /**
     * @param trainPairs normalised training pairs; columns 2 and 3 are the source and target text
     */
    public static Learned learn(JavaSparkContext sc, JavaRDD<Row> trainPairs, Tokenizer tokenizer, Settings settings,
                                StageTimer timer) {
        JavaPairRDD<String, Long> words = JavaPairRDD.fromJavaRDD(
                trainPairs.mapPartitions(new CountTokensFn(tokenizer, settings.joint()))).reduceByKey(Long::sum);
        char[] sides = settings.joint() ? new char[]{SideKey.JOINT} : new char[]{SideKey.SRC, SideKey.TGT};
        if (!settings.bpe()) {
            words.persist(StorageLevel.MEMORY_AND_DISK_SER());
            try {
                Vocabulary[] v = new Vocabulary[sides.length];
                timer.time("count-tokens", () -> words.count());
                timer.time("select-vocabulary", () -> {
                    for (int i = 0; i < sides.length; i++) {
                        v[i] = select(words, sides[i], settings.minCount(), settings.maxSize());
                    }
                });
                return new Learned(v[0], v[v.length - 1], null, null);
            } finally {
                words.unpersist(false);
            }
        }
        words.persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            timer.time("count-tokens", () -> words.count());
            BpeCodes[] codes = new BpeCodes[sides.length];
            for (int i = 0; i < sides.length; i++) {
                char side = sides[i];
                Map<String, Long> counts = timer.time("collect-word-counts",
                        () -> new HashMap<>(words.filter(new KeepSideFn(side, 1)).mapToPair(new StripSideFn()).collectAsMap()));
                codes[i] = timer.time("learn-bpe", () -> BpeLearner.learn(counts, settings.bpeMerges()));
            }
            Broadcast<JavaSerialized<BpeCodes>> src = sc.broadcast(JavaSerialized.of(codes[0]));
            Broadcast<JavaSerialized<BpeCodes>> tgt = sc.broadcast(JavaSerialized.of(codes[codes.length - 1]));
            JavaPairRDD<String, Long> pieces = words.flatMapToPair(new CountPiecesFn(src, tgt)).reduceByKey(Long::sum);
            pieces.persist(StorageLevel.MEMORY_AND_DISK_SER());
            try {
                Vocabulary[] v = new Vocabulary[sides.length];
                timer.time("select-vocabulary", () -> {
                    for (int i = 0; i < sides.length; i++) {
                        v[i] = select(pieces, sides[i], 1, settings.maxSize());
                    }
                });
                return new Learned(v[0], v[v.length - 1], codes[0], codes[codes.length - 1]);
            } finally {
                pieces.unpersist(false);
                src.destroy();
                tgt.destroy();
            }
        } finally {
            words.unpersist(false);
        }
    }

    /**
     * A word vocabulary of normalised {@code texts} (for example the captions of the training images), counted and
     * selected exactly as the source side of {@link #learn} with a word vocabulary.
     */
    public static Vocabulary learnWords(JavaRDD<String> texts, Tokenizer tokenizer, int minCount, int maxSize,
                                        StageTimer timer) {
        JavaPairRDD<String, Long> words = JavaPairRDD.fromJavaRDD(texts.map(new TextAsSourceRowFn())
                .mapPartitions(new CountTokensFn(tokenizer, false))).reduceByKey(Long::sum);
        words.persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            timer.time("count-tokens", () -> words.count());
            return timer.time("select-vocabulary", () -> select(words, SideKey.SRC, minCount, maxSize));
        } finally {
            words.unpersist(false);
        }
    }

    /** {@link Vocabulary#fromCounts} of one side, collecting only the entries that can be selected. */
    static Vocabulary select(JavaPairRDD<String, Long> counts, char side, int minCount, int maxSize) {
        JavaPairRDD<String, Long> eligible = counts.filter(new KeepSideFn(side, minCount));
        List<Long> top = eligible.values().top(maxSize);
        long threshold = top.size() < maxSize ? minCount : Math.max(minCount, top.get(top.size() - 1));
        Map<String, Long> selected = new HashMap<>(
                eligible.filter(new KeepSideFn(side, threshold)).mapToPair(new StripSideFn()).collectAsMap());
        return Vocabulary.fromCounts(selected, minCount, maxSize);
    }
}
