package io.attnspark.jobs.cli;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.config.ConfigOverrides;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Options every command takes: --conf, --master, --overwrite, --verbose and trailing key=value overrides. */
public final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--conf", order = 100, paramLabel = "FILE",
            description = "Recipe: a HOCON file of keys from conf/defaults.conf, applied over the defaults.")
    private Path conf;

    @Option(names = "--master", order = 101, paramLabel = "URL",
            description = "Spark master (local[N], spark://HOST:PORT, yarn, ...); overrides spark.master.")
    private String master;

    @Option(names = "--overwrite", order = 102, description = "Replace existing outputs instead of refusing to run.")
    private boolean overwrite;

    @Option(names = {"-v", "--verbose"}, order = 103, description = "Debug logging, and stack traces on failure.")
    private boolean verbose;

    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*",
            description = "Overrides of any key in conf/defaults.conf (HOCON values), applied last, "
                    + "e.g. model.encoder.layers=2 'spark.conf.\"spark.executor.memory\"=2g'.")
    private List<String> overrides = new ArrayList<>();

    public Optional<Path> conf() {
        return Optional.ofNullable(conf);
    }

    public Optional<String> master() {
        return Optional.ofNullable(master).filter(m -> !m.isBlank());
    }

    public boolean overwrite() {
        return overwrite;
    }

    public boolean verbose() {
        return verbose;
    }

    public List<String> overrides() {
        return List.copyOf(overrides);
    }

    /** Fails as a usage error (exit 2) on a trailing argument that is not key=value. */
    void checkOverrideShape() {
        for (String o : overrides) {
            if (!ConfigOverrides.looksLikeOverride(o)) {
                throw new ParameterException(spec.commandLine(),
                        "Unexpected argument '" + o + "': trailing arguments must be KEY=VALUE overrides");
            }
        }
    }

    /**
     * Defaults &lt;- --conf (or, without it, the classpath recipe {@code defaultRecipe} when not null) &lt;-
     * overrides &lt;- {@code extra} (options that stand for config keys).
     */
    AttnsparkConfig load(List<String> extra, String defaultRecipe) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(extra);
        if (conf == null && defaultRecipe != null) {
            return AttnsparkConfig.parse(RecipeResource.read(defaultRecipe), "classpath:" + defaultRecipe)
                    .withOverrides(all);
        }
        return AttnsparkConfig.load(conf, all);
    }
}
