package io.attnspark.jobs.train;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.jobs.report.TrainingReport;
import io.attnspark.jobs.score.ModelPayload;
import io.attnspark.metrics.BleuScore;
import io.attnspark.nn.TokenPair;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Vocabulary;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import scala.Tuple3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What training measures on held-out pairs after every epoch, as one Spark job over the validation split
 * (cached in {@code partitions} partitions; each task decodes with the broadcast model): the true
 * cross-entropy per target token (EOS included; label smoothing does not enter it), the BLEU of greedy
 * translations of the first {@code bleuSentences} pairs, detokenized, against their original target text, and
 * the attention of the first few for the report.
 */
final class Validation implements AutoCloseable {
    private final JavaSparkContext sc;
    private final JavaRDD<Tuple3<Integer, int[], int[]>> pairs;
    private final int count;
    private final long tokens;
    private final List<int[]> sources = new ArrayList<>();
    private final List<String> references;
    private final TextPipeline source;
    private final TextPipeline target;
    private final int batchSize;
    private final int reportSentences;

    /** One epoch's validation figures; NaN where there is nothing to measure. */
    record Result(double loss, double bleu, List<TrainingReport.Alignment> alignments) {
    }

    /**
     * @param pairs           validation pairs as ids, in the split's order
     * @param references      original target text of the first pairs, one per pair, for BLEU (may be empty)
     * @param reportSentences first pairs whose greedy attention the report shows
     */
    Validation(JavaSparkContext sc, int partitions, List<TokenPair> pairs, List<String> references,
               TextPipeline source, TextPipeline target, int batchSize, int reportSentences) {
        this.sc = sc;
        List<Tuple3<Integer, int[], int[]>> rows = new ArrayList<>(pairs.size());
        long t = 0;
        for (int i = 0; i < pairs.size(); i++) {
            TokenPair p = pairs.get(i);
            rows.add(new Tuple3<>(i, p.source(), p.target()));
            t += p.target().length + 1;
            if (i < Math.max(references.size(), reportSentences)) {
                sources.add(p.source());
            }
        }
        this.count = pairs.size();
        this.tokens = t;
        this.pairs = sc.parallelize(rows, Math.max(1, Math.min(partitions, rows.size())))
                .persist(StorageLevel.MEMORY_ONLY());
        this.references = List.copyOf(references);
        this.source = source;
        this.target = target;
        this.batchSize = batchSize;
        this.reportSentences = reportSentences;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Validates {@code model} on Spark; greedy decoding follows {@code decode}'s length limits. */
    Result evaluate(ComputationGraph model, DecodeConfig decode) throws IOException {
        if (count == 0) {
            return new Result(Double.NaN, Double.NaN, List.of());
        }
        Broadcast<ModelPayload> payload = sc.broadcast(ModelPayload.of(model, source, target));
        List<ValidatedPair> rows;
        try {
            rows = pairs.mapPartitions(new ValidatePartitionFn(payload, batchSize, sources.size(), decode)).collect();
        } finally {
            payload.destroy();
        }
        double nll = 0;
        String[] hypotheses = new String[references.size()];
        ValidatedPair[] first = new ValidatedPair[Math.min(reportSentences, count)];
        for (ValidatedPair r : rows) {
            nll += r.nll;
            if (r.index < hypotheses.length) {
                hypotheses[r.index] = target.decode(r.greedy);
            }
            if (r.index < first.length) {
                first[r.index] = r;
            }
        }
        double bleu = references.isEmpty() ? Double.NaN
                : BleuScore.corpus(List.of(hypotheses), List.of(references)).score();
        List<TrainingReport.Alignment> alignments = new ArrayList<>();
        for (ValidatedPair r : first) {
            List<String> src = new ArrayList<>(source.vocabulary().decode(sources.get(r.index)));
            src.add(Vocabulary.EOS);
            List<String> out = new ArrayList<>(target.vocabulary().decode(r.greedy));
            out.add(Vocabulary.EOS);
            alignments.add(new TrainingReport.Alignment(src, out, r.attention));
        }
        return new Result(nll / tokens, bleu, alignments);
    }

    @Override
    public void close() {
        pairs.unpersist(false);
    }
}
