package io.attnspark.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a resolved configuration against the key tree of the defaults: every key must exist in the
 * defaults, every section must stay a section, every value must have the kind of its default (a number
 * where the default is a number, and so on). Sections named as free-form (such as {@code spark.conf})
 * accept any key whose value is a string, number or boolean. Typed records check ranges and choices
 * afterwards; this check catches typos in sections that no record has read.
 */
final class KeyTreeCheck {
    private final ConfigObject defaults;
    private final Set<String> freeForm;
    private final Set<String> knownPaths = new TreeSet<>();

    KeyTreeCheck(ConfigObject defaults, Set<String> freeFormSections) {
        this.defaults = defaults;
        this.freeForm = Set.copyOf(freeFormSections);
        collectPaths(defaults, List.of());
    }

    /** Throws a {@link ConfigError} for the first problem found, in sorted key order. */
    void check(ConfigObject actual) {
        List<ConfigError> problems = new ArrayList<>();
        walk(actual, defaults, List.of(), problems);
        if (!problems.isEmpty()) {
            ConfigError first = problems.get(0);
            if (problems.size() == 1) {
                throw first;
            }
            throw new ConfigError(first.key(), first.getMessage() + "; and " + (problems.size() - 1) + " more problem"
                    + (problems.size() > 2 ? "s" : ""));
        }
    }

    /** Every section and leaf path of the defaults (free-form sections without their entries). */
    Set<String> knownPaths() {
        return knownPaths;
    }

    private void collectPaths(ConfigObject object, List<String> prefix) {
        for (String key : object.keySet()) {
            List<String> path = append(prefix, key);
            String joined = ConfigUtil.joinPath(path);
            knownPaths.add(joined);
            ConfigValue value = object.get(key);
            if (value.valueType() == ConfigValueType.OBJECT && !freeForm.contains(joined)) {
                collectPaths((ConfigObject) value, path);
            }
        }
    }

    private void walk(ConfigObject actual, ConfigObject expected, List<String> prefix, List<ConfigError> problems) {
        for (String key : new TreeSet<>(actual.keySet())) {
            List<String> path = append(prefix, key);
            String joined = ConfigUtil.joinPath(path);
            ConfigValue value = actual.get(key);
            ConfigValue def = expected.get(key);
            if (def == null) {
                problems.add(unknown(path, value));
                continue;
            }
            if (def.valueType() == ConfigValueType.OBJECT) {
                if (value.valueType() != ConfigValueType.OBJECT) {
                    problems.add(error(joined, value, joined + " must be a section { ... }, got " + describe(value)));
                } else if (freeForm.contains(joined)) {
                    checkFreeForm((ConfigObject) value, joined, problems);
                } else {
                    walk((ConfigObject) value, (ConfigObject) def, path, problems);
                }
            } else if (!compatible(def, value)) {
                problems.add(error(joined, value, joined + " must be " + kind(def) + " (default " + def.render(ConfigRenderOptions.concise())
                        + "), got " + describe(value)));
            }
        }
    }

    private void checkFreeForm(ConfigObject section, String path, List<ConfigError> problems) {
        for (String key : new TreeSet<>(section.keySet())) {
            ConfigValue value = section.get(key);
            ConfigValueType type = value.valueType();
            if (type == ConfigValueType.OBJECT || type == ConfigValueType.LIST || type == ConfigValueType.NULL) {
                String joined = path + "." + ConfigUtil.joinPath(List.of(key));
                problems.add(error(joined, value, joined + " must be a string, number or boolean, got " + describe(value)
                        + " (quote keys that contain dots: " + path + ".\"spark.x.y\" = ...)"));
            }
        }
    }

    private ConfigError unknown(List<String> path, ConfigValue value) {
        // Report the first leaf under an unknown section, which gives the most useful suggestion.
        List<String> leaf = new ArrayList<>(path);
        ConfigValue v = value;
        while (v.valueType() == ConfigValueType.OBJECT && !((ConfigObject) v).isEmpty()) {
            String first = new TreeSet<>(((ConfigObject) v).keySet()).first();
            leaf.add(first);
            v = ((ConfigObject) v).get(first);
        }
        String joined = ConfigUtil.joinPath(leaf);
        String hint = NearestKey.didYouMean(joined, knownPaths);
        if (hint.isEmpty() && path.size() == 1) {
            hint = " (top-level sections are " + String.join(", ", new TreeSet<>(defaults.keySet())) + ")";
        }
        return error(joined, value, "unknown key " + joined + hint);
    }

    private static ConfigError error(String key, ConfigValue value, String message) {
        return new ConfigError(key, where(value.origin()) + message);
    }

    /** "FILE line N: " for values read from a file, "" for command-line overrides. */
    static String where(ConfigOrigin origin) {
        if (origin == null || origin.filename() == null) {
            return "";
        }
        return origin.filename() + (origin.lineNumber() > 0 ? " line " + origin.lineNumber() : "") + ": ";
    }

    private static boolean compatible(ConfigValue def, ConfigValue value) {
        ConfigValueType want = def.valueType();
        ConfigValueType got = value.valueType();
        if (want == ConfigValueType.NULL || want == got) {
            return true;
        }
        switch (want) {
            case STRING:
                return got == ConfigValueType.NUMBER || got == ConfigValueType.BOOLEAN;
            case NUMBER:
                return got == ConfigValueType.STRING && isNumber((String) value.unwrapped());
            case BOOLEAN:
                return got == ConfigValueType.STRING && isBoolean((String) value.unwrapped());
            default:
                return false;
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isBoolean(String s) {
        return Set.of("true", "false", "yes", "no", "on", "off").contains(s.trim().toLowerCase(Locale.ROOT));
    }

    private static String kind(ConfigValue def) {
        switch (def.valueType()) {
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "true or false";
            case LIST:
                return "a list [ ... ]";
            default:
                return "a string";
        }
    }

    private static String describe(ConfigValue value) {
        switch (value.valueType()) {
            case OBJECT:
                return "a section { ... }";
            case STRING:
                return "'" + value.unwrapped() + "'";
            default:
                return value.render(ConfigRenderOptions.concise());
        }
    }

    private static List<String> append(List<String> prefix, String key) {
        List<String> path = new ArrayList<>(prefix);
        path.add(key);
        return path;
    }
}
