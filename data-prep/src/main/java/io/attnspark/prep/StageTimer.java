package io.attnspark.prep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall-clock milliseconds per named stage, in the order the stages ran (for the manifest). */
public final class StageTimer {
    private final Map<String, Long> millis = new LinkedHashMap<>();

    /** Runs {@code stage} and records its duration under {@code name} (added to an earlier one of that name). */
    public <T> T time(String name, Supplier<T> stage) {
        long start = System.nanoTime();
        try {
            return stage.get();
        } finally {
            record(name, (System.nanoTime() - start) / 1_000_000);
        }
    }

    public void time(String name, Runnable stage) {
        time(name, () -> {
            stage.run();
            return null;
        });
    }

    public synchronized void record(String name, long ms) {
        millis.merge(name, ms, Long::sum);
    }

    public synchronized Map<String, Long> millis() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(millis));
    }
}
