package io.attnspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The resolved configuration of one run: {@code conf/defaults.conf} (from the classpath, under
 * {@value #DEFAULTS_RESOURCE}) &lt;- an optional recipe file &lt;- {@code key=value} overrides, later layers
 * winning. Loading rejects a recipe that does not parse (naming file and line), an unknown key anywhere
 * (naming the nearest valid key), a section replaced by a value and a value of the wrong kind. Typed
 * records then read their sections through {@link #section(String)}.
 *
 * <p>Immutable; two instances are equal when their resolved values are equal, so
 * {@code parse(c.render()).equals(c)} holds.
 */
public final class AttnsparkConfig {
    /** Classpath location of the defaults; library/pom.xml copies conf/ there. */
    public static final String DEFAULTS_RESOURCE = "attnspark/conf/defaults.conf";
    /** Sections whose keys are free (passed through as they are), so not checked against the defaults. */
    public static final Set<String> FREE_FORM_SECTIONS = Set.of("spark.conf");

    private static final ConfigResolveOptions RESOLVE = ConfigResolveOptions.noSystem();
    private static volatile Config defaults;

    private final Config config;

    private AttnsparkConfig(Config config) {
        this.config = config;
    }

    /** The defaults alone. */
    public static AttnsparkConfig defaults() {
        return new AttnsparkConfig(defaultsConfig().resolve(RESOLVE));
    }

    /**
     * Defaults &lt;- {@code recipe} (a local HOCON file; null for none) &lt;- {@code overrides} ({@code key=value}).
     *
     * @throws ConfigError naming the file and line, or the key, of the first problem
     */
    public static AttnsparkConfig load(Path recipe, List<String> overrides) {
        Config layered = ConfigOverrides.parse(overrides);
        if (recipe != null) {
            layered = layered.withFallback(parseRecipe(recipe));
        }
        return validated(layered);
    }

    /** Defaults &lt;- the HOCON {@code text} (for example a rendered {@code resolved.conf}). */
    public static AttnsparkConfig parse(String text, String originDescription) {
        Config parsed;
        try {
            parsed = ConfigFactory.parseString(text, ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF).setOriginDescription(originDescription));
        } catch (ConfigException.Parse e) {
            throw parseError(originDescription, e);
        }
        return validated(parsed);
    }

    /** This configuration with {@code overrides} applied on top. */
    public AttnsparkConfig withOverrides(List<String> overrides) {
        return validated(ConfigOverrides.parse(overrides).withFallback(config));
    }

    /** The resolved configuration. */
    public Config config() {
        return config;
    }

    /** A strict typed view of one section, for a record's {@code from(ConfigSection)}. */
    public ConfigSection section(String path) {
        return ConfigSection.of(config, path);
    }

    /** The resolved configuration as HOCON text, keys sorted, without comments. */
    public String render() {
        return config.root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttnsparkConfig && ((AttnsparkConfig) o).config.equals(config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return "AttnsparkConfig" + config.root().render(ConfigRenderOptions.concise());
    }

    private static AttnsparkConfig validated(Config layered) {
        Config merged = layered.withFallback(defaultsConfig());
        Config resolved;
        try {
            resolved = merged.resolve(RESOLVE);
        } catch (ConfigException e) {
            throw new ConfigError("", oneLine(e.getMessage()), e);
        }
        new KeyTreeCheck(defaultsConfig().root(), FREE_FORM_SECTIONS).check(resolved.root());
        return new AttnsparkConfig(resolved);
    }

    private static Config parseRecipe(Path recipe) {
        if (!Files.isRegularFile(recipe)) {
            throw new ConfigError("", "recipe " + recipe + " does not exist or is not a file");
        }
        try {
            return ConfigFactory.parseFile(recipe.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        } catch (ConfigException.Parse e) {
            throw parseError(recipe.toString(), e);
        } catch (ConfigException e) {
            throw new ConfigError("", "cannot read recipe " + recipe + ": " + oneLine(e.getMessage()), e);
        }
    }

    private static ConfigError parseError(String source, ConfigException.Parse e) {
        ConfigOrigin origin = e.origin();
        String message = e.getMessage();
        if (origin != null && message.startsWith(origin.description() + ": ")) {
            message = message.substring(origin.description().length() + 2);
        }
        String line = origin != null && origin.lineNumber() > 0 ? " line " + origin.lineNumber() : "";
        return new ConfigError("", "cannot parse " + source + line + ": " + oneLine(message), e);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static Config defaultsConfig() {
        Config d = defaults;
        if (d == null) {
            synchronized (AttnsparkConfig.class) {
                d = defaults;
                if (d == null) {
                    try {
                        d = ConfigFactory.parseResources(AttnsparkConfig.class.getClassLoader(), DEFAULTS_RESOURCE,
                                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
                    } catch (ConfigException e) {
                        throw new IllegalStateException("cannot load " + DEFAULTS_RESOURCE + " from the classpath: "
                                + oneLine(e.getMessage()), e);
                    }
                    defaults = d;
                }
            }
        }
        return d;
    }
}
