package io.attnspark.jobs.score;

import io.attnspark.metrics.BleuResult;
import io.attnspark.metrics.ChrfResult;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one score run, as {@code summary.json} and the last line printed.
 *
 * @param forced        score mode (output tokens are the scored targets' tokens)
 * @param tally         records per status, tokens, BLEU/chrF statistics
 * @param decodeSeconds wall time of the decoding job (reading, tokenizing, decoding, writing Parquet)
 * @param totalSeconds  wall time of the whole run, model loading and the summary and text passes included
 * @param bleu          corpus BLEU of the best hypotheses when the input has references (translate mode)
 * @param chrf          corpus chrF likewise
 */
public record ScoreSummary(boolean forced, ScoreTally tally, double decodeSeconds, double totalSeconds,
                           Optional<BleuResult> bleu, Optional<ChrfResult> chrf) {

    public long records() {
        return tally.records();
    }

    public long count(ScoreStatus status) {
        return tally.count(status);
    }

    public double recordsPerSecond() {
        return rate(tally.records());
    }

    public double sourceTokensPerSecond() {
        return rate(tally.sourceTokens());
    }

    public double outputTokensPerSecond() {
        return rate(tally.outputTokens());
    }

    private double rate(long n) {
        return decodeSeconds > 0 ? n / decodeSeconds : 0.0;
    }

    /** The figures as summary.json has them (snake_case), followed by {@code context} (what ran on what). */
    public Map<String, Object> toJson(Map<String, Object> context) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records_in", records());
        Map<String, Object> status = new LinkedHashMap<>();
        for (ScoreStatus s : ScoreStatus.values()) {
            status.put(s.label(), count(s));
        }
        m.put("status", status);
        m.put("decode_seconds", decodeSeconds);
        m.put("total_seconds", totalSeconds);
        m.put("records_per_s", recordsPerSecond());
        m.put("source_tokens", tally.sourceTokens());
        m.put("source_tokens_per_s", sourceTokensPerSecond());
        String out = forced ? "target_tokens" : "generated_tokens";
        m.put(out, tally.outputTokens());
        m.put(out + "_per_s", outputTokensPerSecond());
        bleu.ifPresent(b -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("score", b.score());
            j.put("line", b.format());
            j.put("signature", "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp");
            m.put("bleu", j);
        });
        chrf.ifPresent(c -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("score", c.score());
            j.put("line", c.format());
            j.put("signature", "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no");
            m.put("chrf", j);
        });
        m.putAll(context);
        return m;
    }

    /** One line: records per status, rates, metrics. */
    public String line() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "score: %,d records (ok %,d, empty %,d, too_long %,d, error %,d) in %.1f s: %,.1f records/s, "
                        + "%,.1f source tokens/s, %,.1f %s tokens/s",
                records(), count(ScoreStatus.OK), count(ScoreStatus.EMPTY), count(ScoreStatus.TOO_LONG),
                count(ScoreStatus.ERROR), decodeSeconds, recordsPerSecond(), sourceTokensPerSecond(),
                outputTokensPerSecond(), forced ? "target" : "generated"));
        bleu.ifPresent(b -> s.append(String.format(Locale.ROOT, "; BLEU=%.2f", b.score())));
        chrf.ifPresent(c -> s.append(String.format(Locale.ROOT, " chrF2=%.2f", c.score())));
        s.append(String.format(Locale.ROOT, "; total %.1f s", totalSeconds));
        return s.toString();
    }
}
