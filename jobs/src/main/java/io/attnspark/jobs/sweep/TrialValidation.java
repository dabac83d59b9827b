package io.attnspark.jobs.sweep;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.ForcedScore;
import io.attnspark.decode.ForcedScorer;
import io.attnspark.decode.Hypothesis;
import io.attnspark.decode.Translator;
import io.attnspark.metrics.BleuScore;
import io.attnspark.nn.TokenPair;
import io.attnspark.text.TextPipeline;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * What a parallel trial measures after every epoch, inside its Spark task, with the library alone (the same
 * measures as {@code train}): the true cross-entropy per target token of the validation pairs (EOS included)
 * and the corpus BLEU (sacreBLEU 13a) of greedy translations of the first pairs against their target text.
 */
final class TrialValidation {
    private final List<TokenPair> pairs;
    private final long tokens;
    private final List<int[]> bleuSources = new ArrayList<>();
    private final List<String> references;
    private final TextPipeline target;
    private final int batchSize;

    /** @param references target text of the first pairs, one per pair (may be empty: no BLEU) */
    TrialValidation(List<TokenPair> pairs, List<String> references, TextPipeline target, int batchSize) {
        this.pairs = List.copyOf(pairs);
        long t = 0;
        for (TokenPair p : pairs) {
            t += p.target().length + 1;
        }
        this.tokens = t;
        this.references = List.copyOf(references);
        for (int i = 0; i < references.size(); i++) {
            bleuSources.add(pairs.get(i).source());
        }
        this.target = target;
        this.batchSize = batchSize;
    }

    /** Mean negative log-likelihood per target token (nats); NaN without validation pairs. */
    double loss(ComputationGraph model) {
        if (pairs.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        for (ForcedScore s : new ForcedScorer(model, batchSize).score(pairs)) {
            total -= s.total();
        }
        return total / tokens;
    }

    /** Corpus BLEU of greedy translations; NaN without references. */
    double bleu(ComputationGraph model, DecodeConfig decode) {
        if (references.isEmpty()) {
            return Double.NaN;
        }
        List<String> hypotheses = new ArrayList<>(references.size());
        for (Hypothesis h : new Translator(model, decode.withBeam(1)).greedy(bleuSources)) {
            hypotheses.add(target.decode(h.tokens()));
        }
        return BleuScore.corpus(hypotheses, List.of(references)).score();
    }
}
