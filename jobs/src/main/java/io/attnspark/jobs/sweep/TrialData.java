package io.attnspark.jobs.sweep;

import io.attnspark.nn.TokenPair;
import io.attnspark.text.TextPipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The prepared corpus as parallel trials need it on every executor, broadcast once per sweep: training and
 * validation pairs as token ids, the first validation targets as text (BLEU references), the target-side
 * pipeline (to detokenize hypotheses) and the vocabulary sizes. Travels Java-serialized
 * ({@code JavaSerialized}), so it may hold records and pipelines.
 */
final class TrialData implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[][] trainSource;
    private final int[][] trainTarget;
    private final int[][] validSource;
    private final int[][] validTarget;
    private final ArrayList<String> references;
    private final TextPipeline target;
    private final int sourceVocab;
    private final int targetVocab;

    TrialData(List<TokenPair> train, List<TokenPair> valid, List<String> references, TextPipeline target,
              int sourceVocab, int targetVocab) {
        this.trainSource = train.stream().map(TokenPair::source).toArray(int[][]::new);
        this.trainTarget = train.stream().map(TokenPair::target).toArray(int[][]::new);
        this.validSource = valid.stream().map(TokenPair::source).toArray(int[][]::new);
        this.validTarget = valid.stream().map(TokenPair::target).toArray(int[][]::new);
        this.references = new ArrayList<>(references);
        this.target = target;
        this.sourceVocab = sourceVocab;
        this.targetVocab = targetVocab;
    }

    List<TokenPair> train() {
        return pairs(trainSource, trainTarget);
    }

    List<TokenPair> valid() {
        return pairs(validSource, validTarget);
    }

    /** Target text of the first validation pairs, in order. */
    List<String> references() {
        return references;
    }

    TextPipeline target() {
        return target;
    }

    int sourceVocab() {
        return sourceVocab;
    }

    int targetVocab() {
        return targetVocab;
    }

    private static List<TokenPair> pairs(int[][] source, int[][] target) {
        List<TokenPair> out = new ArrayList<>(source.length);
        for (int i = 0; i < source.length; i++) {
            out.add(new TokenPair(source[i], target[i]));
        }
        return out;
    }
}
