package io.attnspark.jobs.train;

import io.attnspark.prep.EncodedPair;
import org.apache.spark.api.java.function.Function;

/** Keeps pairs whose target has at most {@code maxLength} tokens (before EOS). */
final class TargetLengthFilter implements Function<EncodedPair, Boolean> {
    private static final long serialVersionUID = 1L;
    private final int maxLength;

    TargetLengthFilter(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public Boolean call(EncodedPair pair) {
        return pair.tgt().length <= maxLength;
    }
}
