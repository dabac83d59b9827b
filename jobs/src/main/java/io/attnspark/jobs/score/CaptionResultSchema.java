package io.attnspark.jobs.score;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet rows {@code score --mode caption} writes under {@code OUT/results/}, one per image:
 * <pre>
 *   id             long    position of the image in the listing (sorted by relative path), from 0
 *   image          string  path relative to --input
 *   status         string  ok | error
 *   message        string  why not ok (one line naming the file), else null
 *   caption        string  the caption, detokenized words (null when not ok)
 *   score          double  its log-probability, EOS included (null when not ok)
 *   words          int     words in the caption (null when not ok)
 *   attention_map  string  the attention-map PNG, relative to --attention-maps (null without maps)
 * </pre>
 */
final class CaptionResultSchema {
    static final String ID = "id";
    static final String IMAGE = "image";
    static final String STATUS = "status";
    static final String MESSAGE = "message";
    static final String CAPTION = "caption";
    static final String SCORE = "score";
    static final String WORDS = "words";
    static final String ATTENTION_MAP = "attention_map";

    static final StructType SCHEMA = new StructType()
            .add(ID, DataTypes.LongType, false)
            .add(IMAGE, DataTypes.StringType, false)
            .add(STATUS, DataTypes.StringType, false)
            .add(MESSAGE, DataTypes.StringType, true)
            .add(CAPTION, DataTypes.StringType, true)
            .add(SCORE, DataTypes.DoubleType, true)
            .add(WORDS, DataTypes.IntegerType, true)
            .add(ATTENTION_MAP, DataTypes.StringType, true);

    private CaptionResultSchema() {
    }
}
