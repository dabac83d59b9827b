package io.attnspark.jobs.cli;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.jobs.config.ConfigSchema;
import io.attnspark.jobs.io.OutputPaths;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The shape every command shares: check its options ({@link #checkOptions()}, usage errors exit 2),
 * load and validate the configuration, then {@link #run(JobContext)}. A command that is not available
 * yet keeps its options and fails in {@code run}; implementing it means filling in {@code run} alone.
 */
public abstract class AttnsparkCommand implements Callable<Integer> {
    /** The file every writing command puts next to its outputs: the resolved configuration. */
    public static final String RESOLVED_CONF = "resolved.conf";

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected CommonOptions common;

    @Override
    public final Integer call() throws Exception {
        if (common.verbose()) {
            Configurator.setLevel("io.attnspark", Level.DEBUG);
        }
        common.checkOverrideShape();
        checkOptions();
        AttnsparkConfig config = common.load(configOverrides(), defaultRecipe().orElse(null));
        ConfigSchema.validate(config);
        run(new JobContext(spec.name(), config, common.master(), common.verbose()));
        return 0;
    }

    /**
     * The recipe (a classpath resource under {@code attnspark/conf/}) this command uses when no
     * {@code --conf} is given; none by default.
     */
    protected java.util.Optional<String> defaultRecipe() {
        return java.util.Optional.empty();
    }

    /** Checks option values and combinations; throw {@link #usage(String)} for a usage error. */
    protected void checkOptions() {
    }

    /** Options that stand for configuration keys (for example --beam), as key=value, applied last. */
    protected List<String> configOverrides() {
        return List.of();
    }

    /** The command's work; a {@link CommandFailure} (or any exception) becomes the one-line error. */
    protected abstract void run(JobContext context) throws Exception;

    /** A usage error: picocli's message, a usage hint, exit 2. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Where the command prints its results: picocli's writer (stdout under bin/attnspark, a test's writer in tests). */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public boolean verbose() {
        return common != null && common.verbose();
    }

    protected boolean overwrite() {
        return common.overwrite();
    }

    /**
     * Prepares the output directory {@code out} (refusing an existing one without --overwrite) and writes
     * the resolved configuration into it, so a run that fails still says what it ran with. Jobs write their
     * outputs into sub-directories of {@code out}.
     */
    /**
     * For jobs that write their output atomically (prep): refuses an existing {@code out} without
     * {@code --overwrite} but deletes nothing; the job replaces the old output only once the new one is
     * complete, so a failed run leaves it as it was.
     */
    protected Path claimReplaceableOutput(String out) {
        if (!overwrite() && OutputPaths.exists(out)) {
            throw new CommandFailure("output " + out + " exists (use --overwrite to replace it)");
        }
        return OutputPaths.qualified(out);
    }

    protected Path prepareOutputDirectory(String out, JobContext context) {
        Path path = OutputPaths.prepare(out, overwrite());
        OutputPaths.writeText(path, RESOLVED_CONF, context.config().render());
        return path;
    }
}
