package io.attnspark.nn;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LengthBatcherTest {
    private static final int[] LENGTHS = {5, 2, 9, 2, 7, 3};

    @Test
    void byCountSortsByLengthKeepingInputOrderOnTies() {
        List<int[]> b = LengthBatcher.byCount(LENGTHS, 4);
        assertEquals(2, b.size());
        assertArrayEquals(new int[] {1, 3, 5, 0}, b.get(0));
        assertArrayEquals(new int[] {4, 2}, b.get(1));
    }

    @Test
    void byTokensKeepsPaddedSizeWithinBudget() {
        List<int[]> b = LengthBatcher.byTokens(LENGTHS, 10);
        // ascending lengths 2, 2, 3 fit together (3 x 3 = 9); 5, 7 and 9 each need a batch of their own
        assertArrayEquals(new int[] {1, 3, 5}, b.get(0));
        assertArrayEquals(new int[] {0}, b.get(1));
        assertArrayEquals(new int[] {4}, b.get(2));
        assertArrayEquals(new int[] {2}, b.get(3));
        for (int[] batch : b) {
            int max = 0;
            for (int i : batch) {
                max = Math.max(max, LENGTHS[i]);
            }
            assertEquals(true, batch.length == 1 || batch.length * max <= 10);
        }
    }

    @Test
    void byTokensAlsoCapsTheItemsOfABatch() {
        List<int[]> b = LengthBatcher.byTokens(LENGTHS, 100, 2);
        assertEquals(3, b.size());
        assertArrayEquals(new int[] {1, 3}, b.get(0));
        assertArrayEquals(new int[] {5, 0}, b.get(1));
        assertArrayEquals(new int[] {4, 2}, b.get(2));
    }

    @Test
    void anItemOverTheBudgetGetsItsOwnBatch() {
        List<int[]> b = LengthBatcher.byTokens(new int[] {30, 1}, 8);
        assertEquals(2, b.size());
        assertArrayEquals(new int[] {1}, b.get(0));
        assertArrayEquals(new int[] {0}, b.get(1));
    }

    @Test
    void pairLengthsCountEosOnTheLongerSide() {
        assertArrayEquals(new int[] {4, 2}, LengthBatcher.pairLengths(List.of(
                new TokenPair(new int[] {1, 2, 3}, new int[] {1}), new TokenPair(new int[0], new int[] {9}))));
    }
}
