package io.attnspark.jobs.score;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet rows of {@code OUT/results/}, one per input record.
 * <pre>
 *   id               bigint   0-based line number in the input (prepared data: prep's line number - 1)
 *   input            string   the source text as read
 *   reference        string   the target column of a TSV or prepared input, else null
 *   status           string   ok | empty | too_long | error
 *   message          string   why a record is not ok, else null
 *   src_tokens       int      source tokens after BPE (null when the line could not be read)
 *   out_tokens       int      tokens of the best hypothesis (score mode: of the target), EOS not counted
 *   hypotheses       array&lt;string&gt;  translate: the n-best outputs, detokenized, best first; score: the
 *                                target as the model saw it (unknown words as &lt;unk&gt;); empty unless ok
 *   scores           array&lt;double&gt;  translate: what the beam ranks by, log P / ((5 + length) / 6)^alpha;
 *                                score: log P(target | source), EOS included
 *   log_probs        array&lt;double&gt;  log P of each hypothesis (EOS included)
 *   token_log_probs  array&lt;double&gt;  score mode: log P of each target token, then of EOS; else null
 *   attention        array&lt;float&gt;   with --alignments: attention of the best hypothesis, row-major
 *                                [out_tokens + 1, src_tokens + 1] (rows: outputs and EOS; columns: source
 *                                tokens and EOS); else null
 *   attention_shape  array&lt;int&gt;     [rows, columns] of attention, else null
 * </pre>
 */
public final class ResultSchema {
    public static final String ID = "id";
    public static final String INPUT = "input";
    public static final String REFERENCE = "reference";
    public static final String STATUS = "status";
    public static final String MESSAGE = "message";
    public static final String SRC_TOKENS = "src_tokens";
    public static final String OUT_TOKENS = "out_tokens";
    public static final String HYPOTHESES = "hypotheses";
    public static final String SCORES = "scores";
    public static final String LOG_PROBS = "log_probs";
    public static final String TOKEN_LOG_PROBS = "token_log_probs";
    public static final String ATTENTION = "attention";
    public static final String ATTENTION_SHAPE = "attention_shape";

    public static final StructType SCHEMA = new StructType()
            .add(ID, DataTypes.LongType, false)
            .add(INPUT, DataTypes.StringType, false)
            .add(REFERENCE, DataTypes.StringType, true)
            .add(STATUS, DataTypes.StringType, false)
            .add(MESSAGE, DataTypes.StringType, true)
            .add(SRC_TOKENS, DataTypes.IntegerType, true)
            .add(OUT_TOKENS, DataTypes.IntegerType, true)
            .add(HYPOTHESES, DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add(SCORES, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add(LOG_PROBS, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add(TOKEN_LOG_PROBS, DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add(ATTENTION, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(ATTENTION_SHAPE, DataTypes.createArrayType(DataTypes.IntegerType, false), true);

    private ResultSchema() {
    }
}
