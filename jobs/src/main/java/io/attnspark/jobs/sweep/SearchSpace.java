package io.attnspark.jobs.sweep;

import com.typesafe.config.ConfigObject;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.config.ConfigError;
import io.attnspark.jobs.config.ConfigSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A sweep's search space ({@code sweep.space}): its dimensions, the trials drawn from them, and the check
 * that every key and value is one the configuration accepts. Grid dimensions are combined as a Cartesian
 * product (the first dimension varying slowest); the others are drawn per trial from one seeded generator,
 * so a space and a seed always give the same trials.
 */
public final class SearchSpace {
    private final List<Dimension> dimensions;

    public SearchSpace(List<Dimension> dimensions) {
        this.dimensions = List.copyOf(dimensions);
        Set<String> seen = new HashSet<>();
        for (Dimension d : dimensions) {
            if (!seen.add(d.key())) {
                throw new ConfigError("sweep.space", "sweep.space names " + d.key() + " twice");
            }
            if (d.key().equals("sweep") || d.key().startsWith("sweep.")) {
                throw new ConfigError("sweep.space", "sweep.space cannot search " + d.key() + " (the sweep's own settings)");
            }
        }
    }

    /** Reads the entries of {@code sweep.space}. */
    static SearchSpace parse(List<ConfigObject> entries) {
        List<Dimension> dims = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            dims.add(Dimension.parse(entries.get(i), i));
        }
        return new SearchSpace(dims);
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    /** The number of grid points (1 without grid dimensions). */
    public int gridSize() {
        long size = 1;
        for (Dimension d : dimensions) {
            if (d.isGrid()) {
                size *= d.values().size();
                if (size > 1_000_000) {
                    throw new ConfigError("sweep.space", "sweep.space has a grid of more than 1,000,000 points");
                }
            }
        }
        return (int) size;
    }

    /** Whether every dimension is a grid (so the grid alone defines the trials). */
    public boolean isGridOnly() {
        return dimensions.stream().allMatch(Dimension::isGrid);
    }

    /**
     * The values of {@code count} trials, each a map from key to value in dimension order: trial i takes grid
     * point {@code i mod gridSize()} and a fresh draw of every other dimension.
     */
    public List<Map<String, Object>> trials(int count, long seed) {
        Random random = new Random(seed);
        int grid = gridSize();
        List<Map<String, Object>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            int point = i % grid;
            int stride = grid;
            for (Dimension d : dimensions) {
                if (d.isGrid()) {
                    stride /= d.values().size();
                    values.put(d.key(), d.values().get((point / stride) % d.values().size()));
                } else {
                    values.put(d.key(), d.sample(random));
                }
            }
            out.add(values);
        }
        return out;
    }

    /** The overrides ({@code key=value}) that apply a trial's values. */
    static List<String> overrides(Map<String, Object> values) {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(Dimension.override(k, v)));
        return out;
    }

    /**
     * Checks every dimension against {@code base} exactly as a train configuration is checked: each listed value
     * (grid, choices) and both bounds (ranges) is applied on its own and the result validated by every section
     * record, so an unknown key fails naming the key (and the nearest valid one), and a value out of range fails
     * naming key and value, before any trial runs.
     *
     * @throws ConfigError prefixed with {@code sweep.space[i]}
     */
    public void check(AttnsparkConfig base) {
        for (int i = 0; i < dimensions.size(); i++) {
            Dimension d = dimensions.get(i);
            for (Object value : d.valuesToCheck()) {
                Object tried = d.kind() == Dimension.Kind.INT ? (Object) ((Number) value).longValue() : value;
                try {
                    ConfigSchema.validate(base.withOverrides(List.of(Dimension.override(d.key(), tried))));
                } catch (ConfigError e) {
                    throw new ConfigError(e.key(), "sweep.space[" + i + "] (" + d.key() + "): " + e.getMessage(), e);
                }
            }
        }
    }
}
