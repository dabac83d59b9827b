package io.attnspark.jobs.sweep;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.attnspark.config.ConfigError;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One dimension of a sweep's search space: a configuration key and how its values are chosen.
 *
 * @param key    the configuration key the values go to (for example {@code train.learning-rate})
 * @param kind   how values are chosen
 * @param values the values of a grid or choices dimension (numbers, strings or booleans); the two bounds
 *               {@code [low, high]} of a range
 */
public record Dimension(String key, Kind kind, List<Object> values) {

    /** How a dimension's values are chosen; the names are the kinds' keys in a sweep file. */
    public enum Kind {
        GRID("grid"), CHOICES("choices"), UNIFORM("uniform"), LOG_UNIFORM("log-uniform"), INT("int");

        final String key;

        Kind(String key) {
            this.key = key;
        }

        boolean isRange() {
            return this == UNIFORM || this == LOG_UNIFORM || this == INT;
        }
    }

    public Dimension {
        values = List.copyOf(values);
    }

    /**
     * Reads entry {@code index} of {@code sweep.space}: {@code { key = ..., KIND = [...] }} with exactly one kind.
     *
     * @throws ConfigError naming {@code sweep.space[index]} and what is wrong
     */
    static Dimension parse(ConfigObject entry, int index) {
        String where = "sweep.space[" + index + "]";
        ConfigValue keyValue = entry.get("key");
        if (keyValue == null || keyValue.valueType() != ConfigValueType.STRING || ((String) keyValue.unwrapped()).isBlank()) {
            throw new ConfigError("sweep.space", where + " needs key = SOME.CONFIG.KEY, got " + render(entry));
        }
        String key = ((String) keyValue.unwrapped()).trim();
        where += " (" + key + ")";
        Set<String> others = new TreeSet<>(entry.keySet());
        others.remove("key");
        List<String> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            kinds.add(k.key);
        }
        if (others.size() != 1 || !kinds.contains(others.iterator().next())) {
            throw new ConfigError("sweep.space", where + " must have exactly one of " + String.join(", ", kinds)
                    + " beside key, got " + (others.isEmpty() ? "none" : String.join(", ", others)));
        }
        String kindKey = others.iterator().next();
        Kind kind = Kind.values()[kinds.indexOf(kindKey)];
        ConfigValue list = entry.get(kindKey);
        if (list.valueType() != ConfigValueType.LIST) {
            throw new ConfigError("sweep.space", where + ": " + kindKey + " must be a list [ ... ], got " + render(list));
        }
        List<Object> values = new ArrayList<>();
        for (ConfigValue v : (com.typesafe.config.ConfigList) list) {
            ConfigValueType t = v.valueType();
            if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST || t == ConfigValueType.NULL) {
                throw new ConfigError("sweep.space", where + ": " + kindKey + " values must be numbers, strings or booleans, got "
                        + render(v));
            }
            values.add(v.unwrapped());
        }
        if (values.isEmpty()) {
            throw new ConfigError("sweep.space", where + ": " + kindKey + " is empty");
        }
        if (kind.isRange()) {
            checkRange(where, kind, values);
        }
        return new Dimension(key, kind, values);
    }

    private static void checkRange(String where, Kind kind, List<Object> values) {
        if (values.size() != 2 || !(values.get(0) instanceof Number) || !(values.get(1) instanceof Number)) {
            throw new ConfigError("sweep.space", where + ": " + kind.key + " must be [low, high] (two numbers), got " + values);
        }
        double low = ((Number) values.get(0)).doubleValue();
        double high = ((Number) values.get(1)).doubleValue();
        if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new ConfigError("sweep.space", where + ": " + kind.key + " = [" + fmt(low) + ", " + fmt(high)
                    + "] needs low < high");
        }
        if (kind == Kind.LOG_UNIFORM && low <= 0) {
            throw new ConfigError("sweep.space", where + ": log-uniform needs low > 0, got " + fmt(low));
        }
        if (kind == Kind.INT && (low != Math.rint(low) || high != Math.rint(high))) {
            throw new ConfigError("sweep.space", where + ": int needs whole-number bounds, got [" + fmt(low) + ", "
                    + fmt(high) + "]");
        }
    }

    public boolean isGrid() {
        return kind == Kind.GRID;
    }

    /** Whether the plot and the leaderboard show this dimension's numbers on a log scale. */
    public boolean isLogScale() {
        return kind == Kind.LOG_UNIFORM;
    }

    /** The values {@link SearchSpace#check} tries against the configuration: every listed value, or both bounds. */
    List<Object> valuesToCheck() {
        return values;
    }

    /** A random value of a choices or range dimension (4 significant digits for real ranges, within the bounds). */
    Object sample(Random random) {
        switch (kind) {
            case CHOICES:
                return values.get(random.nextInt(values.size()));
            case INT: {
                long low = ((Number) values.get(0)).longValue();
                long high = ((Number) values.get(1)).longValue();
                return low + (long) Math.floor(random.nextDouble() * (high - low + 1));
            }
            case UNIFORM:
            case LOG_UNIFORM: {
                double low = ((Number) values.get(0)).doubleValue();
                double high = ((Number) values.get(1)).doubleValue();
                double u = random.nextDouble();
                double x = kind == Kind.UNIFORM ? low + u * (high - low)
                        : Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
                return Math.min(high, Math.max(low, round4(x)));
            }
            default:
                throw new IllegalStateException(key + " is a grid dimension: its values are enumerated, not drawn");
        }
    }

    /** {@code key=value} as a command-line override (strings quoted, so they stay strings). */
    static String override(String key, Object value) {
        return key + "=" + ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise());
    }

    /** A value as the leaderboard shows it. */
    static String show(Object value) {
        if (value instanceof Double d) {
            return fmt(d);
        }
        return String.valueOf(value);
    }

    private static double round4(double x) {
        if (x == 0) {
            return 0;
        }
        return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).doubleValue();
    }

    private static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String render(ConfigValue v) {
        return v.render(ConfigRenderOptions.concise());
    }
}
