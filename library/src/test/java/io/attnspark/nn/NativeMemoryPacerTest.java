package io.attnspark.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pacer collects once the time since its last collection reaches pace times that collection's duration. */
class NativeMemoryPacerTest {
    private static final long MS = 1_000_000L;

    @Test
    void collectsAtThePaceOfItsOwnCollectionTime() {
        long[] now = {0};
        int[] runs = {0};
        NativeMemoryPacer pacer = new NativeMemoryPacer(() -> now[0], () -> {
            runs[0]++;
            now[0] += 10 * MS;                        // every collection takes 10 ms
        });
        now[0] = 999 * MS;
        assertFalse(pacer.step(50), "before 50 x the assumed first 20 ms");
        now[0] = 1000 * MS;
        assertTrue(pacer.step(50));                   // ends at 1010 ms, took 10 ms
        now[0] = 1010 * MS + 499 * MS;
        assertFalse(pacer.step(50), "499 ms after a 10 ms collection, pace 50");
        now[0] = 1010 * MS + 500 * MS;
        assertTrue(pacer.step(50));
        assertEquals(2, runs[0]);
        assertEquals(2, pacer.count());
        now[0] += 100_000 * MS;
        assertFalse(pacer.step(0), "pace 0 turns it off");
        assertEquals(2, runs[0]);
    }
}
