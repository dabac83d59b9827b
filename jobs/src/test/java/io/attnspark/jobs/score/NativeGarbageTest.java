package io.attnspark.jobs.score;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GC schedule against a simulated process: each chunk leaves 100 bytes of garbage, which resident memory
 * shows until the first collection; afterwards freed memory is reused, so resident memory stays put.
 */
class NativeGarbageTest {

    @Test
    void measuresChunksPerCollectionOnceThenCollectsOnThatSchedule() {
        AtomicLong rss = new AtomicLong(1000);
        NativeGarbage guard = new NativeGarbage(rss::get, () -> { });
        for (int chunk = 1; chunk <= 6; chunk++) {
            rss.addAndGet(100);
            assertFalse(guard.afterChunk(500), "chunk " + chunk + ": at most 500 bytes above the first call (1100)");
        }
        rss.addAndGet(100);
        assertTrue(guard.afterChunk(500), "600 bytes above the first call");
        assertEquals(7, guard.chunksPerCollection());
        for (int round = 0; round < 2; round++) {
            for (int chunk = 1; chunk < 7; chunk++) {
                assertFalse(guard.afterChunk(500), "resident memory flat: garbage reuses the freed memory");
            }
            assertTrue(guard.afterChunk(500));
        }
        assertEquals(3, guard.collections());
    }

    @Test
    void collectsAtOnceWhenGarbageOutgrowsTheScheduleAndEveryChunkWithoutAllowance() {
        AtomicLong rss = new AtomicLong(0);
        NativeGarbage guard = new NativeGarbage(rss::get, () -> { });
        guard.afterChunk(100);
        rss.set(150);
        assertTrue(guard.afterChunk(100));
        assertEquals(2, guard.chunksPerCollection());
        NativeGarbage slow = new NativeGarbage(rss::get, () -> { });
        rss.set(0);
        slow.afterChunk(100);
        for (int i = 0; i < 9; i++) {
            slow.afterChunk(100);
        }
        rss.set(101);
        assertTrue(slow.afterChunk(100));
        assertEquals(11, slow.chunksPerCollection());
        rss.set(302);
        assertTrue(slow.afterChunk(100), "201 above the level after the last collection: twice the allowance");
        assertEquals(1, slow.chunksPerCollection(), "re-measured: half the chunks since the last one, at least 1");
        NativeGarbage every = new NativeGarbage(rss::get, () -> { });
        assertTrue(every.afterChunk(0) && every.afterChunk(0));
    }
}
