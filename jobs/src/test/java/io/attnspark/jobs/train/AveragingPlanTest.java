package io.attnspark.jobs.train;

import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AveragingPlanTest {
    private final AveragingPlan plan = new AveragingPlan(2, 8, 5, 0, true, 1L);

    @Test
    void keepsTheStorageLevelItIsGiven() {
        assertEquals(StorageLevel.MEMORY_ONLY_SER(), plan.storage());
        assertEquals(StorageLevel.MEMORY_ONLY(), plan.withStorage(StorageLevel.MEMORY_ONLY()).storage());
    }

    @Test
    void refusesEveryLevelThatKeepsNothingNotOnlyTheNoneInstance() {
        assertThrows(IllegalArgumentException.class, () -> plan.withStorage(StorageLevel.NONE()));
        // an equal level built anew: not the NONE() instance, still useless as a cache
        assertThrows(IllegalArgumentException.class,
                () -> plan.withStorage(StorageLevel.apply(false, false, false, false, 1)));
        assertThrows(IllegalArgumentException.class, () -> plan.withStorage(null));
    }
}
