package io.attnspark.prep.encode;

import io.attnspark.prep.PrepConfig;
import io.attnspark.prep.Split;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PairFilterTest {
    private static final int TRAIN = Split.TRAIN.code();
    private static final int TEST = Split.TEST.code();

    private static PairFilter filter(boolean applyToEval) {
        return new PairFilter(new PrepConfig.Filter(10, 2.0, true, applyToEval), 4);
    }

    @Test
    void reasonsApplyInOrder() {
        PairFilter f = filter(false);
        assertEquals(FilterReason.DUPLICATE.code(), f.reason(TRAIN, true, 0, 50));
        assertEquals(FilterReason.EMPTY.code(), f.reason(TRAIN, false, 0, 50));
        assertEquals(FilterReason.TOO_LONG.code(), f.reason(TRAIN, false, 1, 11));
        assertEquals(FilterReason.LENGTH_RATIO.code(), f.reason(TRAIN, false, 2, 5));
        assertEquals(FilterReason.KEPT, f.reason(TRAIN, false, 2, 4), "ratio exactly 2.0 is kept");
        assertEquals(FilterReason.KEPT, f.reason(TRAIN, false, 10, 10), "max-tokens itself is kept");
    }

    @Test
    void evalSplitsAreFilteredOnlyWhenAsked() {
        assertEquals(FilterReason.KEPT, filter(false).reason(TEST, false, 0, 50));
        assertEquals(FilterReason.EMPTY.code(), filter(true).reason(TEST, false, 0, 50));
    }

    @Test
    void bucketsHoldWidthLengthsEach() {
        PairFilter f = filter(false);
        assertEquals(0, f.bucket(0, 0));
        assertEquals(0, f.bucket(1, 4));
        assertEquals(1, f.bucket(5, 2));
        assertEquals(24, f.bucket(100, 3));
    }
}
