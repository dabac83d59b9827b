package io.attnspark.jobs.score;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeGarbageTest {

    @Test
    void collectsOnlyWhenResidentMemoryGrewByTheAllowance() {
        AtomicLong rss = new AtomicLong(1000);
        NativeGarbage guard = new NativeGarbage(rss::get, () -> rss.set(1100));   // a GC frees down to 1100
        assertFalse(guard.collectIfGrown(500), "the first call sets the baseline");
        rss.set(1500);
        assertFalse(guard.collectIfGrown(500));
        rss.set(1501);
        assertTrue(guard.collectIfGrown(500));
        assertEquals(1, guard.collections());
        rss.set(1600);
        assertFalse(guard.collectIfGrown(500), "the baseline is the level after the collection: 1100");
        rss.set(1601);
        assertTrue(guard.collectIfGrown(500));
        assertTrue(guard.collectIfGrown(0), "allowance 0: after every chunk");
        assertEquals(3, guard.collections());
    }
}
