package io.attnspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict, typed view of one section of a HOCON configuration (for example {@code model} or
 * {@code model.encoder}). Every getter validates and names the full key in its error; after a record
 * has read its keys, {@link #rejectUnknownKeys()} refuses any key it did not read, naming the nearest
 * valid one. There are no defaults in code: defaults live in {@code conf/defaults.conf}.
 */
public final class ConfigSection {
    private final Config config;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    private ConfigSection(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    /** The section at {@code path} of {@code root} ("" for the root itself). */
    public static ConfigSection of(Config root, String path) {
        if (path.isEmpty()) {
            return new ConfigSection(root, "");
        }
        if (!root.hasPath(path)) {
            throw new ConfigError(path, "missing section '" + path + "'");
        }
        try {
            return new ConfigSection(root.getConfig(path), path);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(path, "'" + path + "' must be a section { ... }, got " + root.getValue(path).valueType().name().toLowerCase(Locale.ROOT));
        }
    }

    /** The full dotted key of {@code key} in this section. */
    public String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The nested section {@code key}, for example {@code encoder} inside {@code model}. */
    public ConfigSection section(String key) {
        require(key);
        try {
            return new ConfigSection(config.getConfig(key), key(key));
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(key), key(key) + " must be a section { ... }, got " + describe(key));
        }
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    public String getString(String key) {
        require(key);
        try {
            return config.getString(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(key), key(key) + " must be a string, got " + describe(key));
        }
    }

    /** A string that must be one of {@code allowed} (compared case-sensitively). */
    public String getChoice(String key, Collection<String> allowed) {
        String value = getString(key);
        if (!allowed.contains(value)) {
            throw new ConfigError(key(key), key(key) + "=" + value + " is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    public boolean getBoolean(String key) {
        require(key);
        try {
            return config.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(key), key(key) + " must be true or false, got " + describe(key));
        }
    }

    /** An integer in {@code [min, max]}. */
    public int getInt(String key, int min, int max) {
        require(key);
        int value;
        try {
            value = config.getInt(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(key), key(key) + " must be a whole number in [" + min + ", " + max + "], got " + describe(key));
        }
        if (value < min || value > max) {
            throw new ConfigError(key(key), key(key) + "=" + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    /** A long in {@code [min, max]}. */
    public long getLong(String key, long min, long max) {
        require(key);
        long value;
        try {
            value = config.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(key), key(key) + " must be a whole number in [" + min + ", " + max + "], got " + describe(key));
        }
        if (value < min || value > max) {
            throw new ConfigError(key(key), key(key) + "=" + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    /** A finite number in {@code [min, max]}. */
    public double getDouble(String key, double min, double max) {
        require(key);
        double value;
        try {
            value = config.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(key), key(key) + " must be a number in [" + min + ", " + max + "], got " + describe(key));
        }
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new ConfigError(key(key), key(key) + "=" + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    public List<String> getStringList(String key) {
        require(key);
        try {
            return List.copyOf(config.getStringList(key));
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(key), key(key) + " must be a list of strings, got " + describe(key));
        }
    }

    /**
     * The entries of a free-form map section such as {@code spark.conf}: each entry's key is one quoted
     * path element ({@code "spark.executor.memory"}), each value a string, number or boolean.
     */
    public Map<String, String> getStringMap(String key) {
        require(key);
        ConfigValue value = config.getValue(key);
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new ConfigError(key(key), key(key) + " must be a section { ... }, got " + describe(key));
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
            String entryKey = key(key) + "." + ConfigUtil.joinPath(List.of(e.getKey()));
            ConfigValueType type = e.getValue().valueType();
            if (type == ConfigValueType.OBJECT || type == ConfigValueType.LIST || type == ConfigValueType.NULL) {
                throw new ConfigError(entryKey, entryKey + " must be a string, number or boolean, got " + e.getValue().render(ConfigRenderOptions.concise()));
            }
            out.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
        }
        return out;
    }

    /** A list of sections ({@code [{ a = 1 }, { b = 2 }]}), each as it was written (not checked here). */
    public List<ConfigObject> getObjectList(String key) {
        require(key);
        try {
            return List.copyOf(config.getObjectList(key));
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(key), key(key) + " must be a list of sections [{ ... }, ...], got " + describe(key));
        }
    }

    private void require(String key) {
        read.add(key);
        if (!config.hasPath(key)) {
            throw new ConfigError(key(key), "missing key " + key(key));
        }
    }

    private String describe(String key) {
        ConfigValue v = config.getValue(key);
        return v.valueType() == ConfigValueType.STRING ? "'" + v.unwrapped() + "'" : v.render(ConfigRenderOptions.concise());
    }

    /**
     * Refuses every key of this section that no getter asked for, naming it and the nearest valid key.
     * Call after the record has read all of its keys.
     */
    public void rejectUnknownKeys() {
        for (String present : config.root().keySet()) {
            if (!read.contains(present)) {
                String nearest = nearest(present, read);
                throw new ConfigError(key(present), "unknown key " + key(present)
                        + (nearest == null ? "" : " (did you mean " + key(nearest) + "?)"));
            }
        }
    }

    /** The keys read so far, in order. */
    public List<String> readKeys() {
        return new ArrayList<>(read);
    }

    static String nearest(String key, Collection<String> candidates) {
        List<String> near = NearestKey.nearest(key, candidates);
        return near.isEmpty() ? null : near.get(0);
    }

    static int levenshtein(String a, String b) {
        return NearestKey.levenshtein(a, b);
    }
}
