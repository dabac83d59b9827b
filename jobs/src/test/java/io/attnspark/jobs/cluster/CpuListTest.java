package io.attnspark.jobs.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU lists behind {@code cluster start --pin}. */
class CpuListTest {
    @Test
    void parsesRangesAndSingleCpus() {
        assertEquals(List.of(0, 1), ClusterLauncher.parseCpuList("0-1"));
        assertEquals(List.of(2, 3, 8, 10, 11), ClusterLauncher.parseCpuList("2-3,8, 10-11"));
        assertEquals(List.of(5), ClusterLauncher.parseCpuList("5"));
        assertThrows(NumberFormatException.class, () -> ClusterLauncher.parseCpuList("a-b"));
    }

    @Test
    void thisProcessMayRunOnAsManyCpusAsTheJvmSees() {
        List<Integer> cpus = ClusterLauncher.allowedCpus();
        assertFalse(cpus.isEmpty());
        assertEquals(Runtime.getRuntime().availableProcessors(), cpus.size());
        assertTrue(cpus.stream().allMatch(c -> c >= 0));
    }
}
