package io.attnspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import java.util.List;

/**
 * {@code key=value} overrides from the command line, as one {@link Config} (later arguments win).
 *
 * <p>The key is a HOCON path ({@code model.encoder.layers}, {@code spark.conf."spark.executor.memory"}).
 * The value is read as a HOCON value when it is a number, boolean, null, list, object or quoted string
 * ({@code 2}, {@code true}, {@code [1, 2]}, {@code "a b"}); anything else is taken verbatim as a string, so
 * {@code spark.master=spark://host:7077} and {@code spark.master=local[2]} mean what they say (HOCON
 * would read {@code //} as a comment). Substitutions ({@code ${...}}) are refused.
 */
public final class ConfigOverrides {
    /** Origin description of every override value; recipe and defaults values carry their file. */
    public static final String ORIGIN = "command line";

    private ConfigOverrides() {
    }

    /** The overrides as one config; an empty list gives an empty config. */
    public static Config parse(List<String> overrides) {
        Config result = ConfigFactory.empty(ORIGIN);
        for (String argument : overrides) {
            result = parseOne(argument).withFallback(result);
        }
        return result;
    }

    /** True when {@code argument} has the shape of an override ({@code key=value}, key not empty). */
    public static boolean looksLikeOverride(String argument) {
        int eq = argument.indexOf('=');
        return eq > 0 && !argument.startsWith("-");
    }

    static Config parseOne(String argument) {
        int eq = argument.indexOf('=');
        if (eq <= 0) {
            throw new ConfigError("", "expected key=value, got '" + argument + "'");
        }
        String key = argument.substring(0, eq).trim();
        try {
            ConfigUtil.splitPath(key);
        } catch (ConfigException e) {
            throw new ConfigError(key, "'" + key + "' in '" + argument + "' is not a valid config key", e);
        }
        ConfigValue value = parseValue(key, argument.substring(eq + 1));
        return ConfigFactory.empty(ORIGIN).withValue(key, value);
    }

    private static ConfigValue parseValue(String key, String text) {
        String trimmed = text.trim();
        String origin = ORIGIN + " (" + key + ")";
        if (trimmed.contains("${")) {
            throw new ConfigError(key, key + "=" + trimmed + ": substitutions ${...} are not supported on the command line");
        }
        boolean structured = trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("\"");
        ConfigValue parsed;
        try {
            parsed = ConfigFactory.parseString("v = " + trimmed,
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(origin))
                    .root().get("v");
        } catch (ConfigException e) {
            if (structured) {
                throw new ConfigError(key, key + "=" + trimmed + " is not a valid HOCON value: " + e.getMessage(), e);
            }
            return ConfigValueFactory.fromAnyRef(trimmed, origin);
        }
        if (parsed == null || (parsed.valueType() == ConfigValueType.STRING && !trimmed.startsWith("\""))) {
            return ConfigValueFactory.fromAnyRef(trimmed, origin);
        }
        return parsed;
    }
}
