package io.attnspark.jobs.sweep;

import com.typesafe.config.ConfigRenderOptions;
import io.attnspark.config.AttnsparkConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The files of a sweep directory: {@code leaderboard.csv}, {@code leaderboard.md} and {@code plot.html}
 * (rewritten after every finished step, each atomically), {@code trials/NNN/trial.conf} (each trial's
 * configuration) and {@code best.conf} (the best trial's, at the end).
 */
public final class SweepOutputs {
    public static final String CSV = "leaderboard.csv";
    public static final String MARKDOWN = "leaderboard.md";
    public static final String PLOT = "plot.html";
    public static final String BEST = "best.conf";
    public static final String TRIAL_CONF = "trial.conf";

    private final Path dir;
    private final SweepSettings settings;

    public SweepOutputs(Path dir, SweepSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** Rewrites the leaderboard and the plot (and the trials' trial.conf files the first time). */
    public void update(List<Trial> trials) {
        Leaderboard board = leaderboard(trials);
        String title = "attnspark sweep: " + dir;
        write(dir.resolve(CSV), board.csv());
        write(dir.resolve(MARKDOWN), board.markdown(title));
        write(dir.resolve(PLOT), SweepPlot.html(title, trials, settings.space().dimensions(), settings.objective()));
        for (Trial t : trials) {
            Path conf = Sweep.trialDir(dir, t.id()).resolve(TRIAL_CONF);
            if (t.config() != null && !Files.exists(conf)) {
                write(conf, "# trial " + t.id() + ": " + describe(t) + "\n" + trainConfig(t.config()));
            }
        }
    }

    public Leaderboard leaderboard(List<Trial> trials) {
        return new Leaderboard(trials, settings.space().dimensions().stream().map(Dimension::key).toList(),
                settings.objective());
    }

    /** Writes best.conf for the best trial, if any trial finished; returns it. */
    public Optional<Trial> writeBest(List<Trial> trials) {
        Optional<Trial> best = leaderboard(trials).best();
        best.ifPresent(t -> write(dir.resolve(BEST), String.format(Locale.ROOT,
                "# The best trial (%d of %d) of the sweep in %s: %s %.4f after %d epochs.%n# %s%n"
                        + "# Ready to run: bin/attnspark train --conf THIS_FILE --data PREP_DIR --out MODEL_DIR%n%s",
                t.id(), trials.size(), dir, settings.objective(), t.objective(), t.epochs(), describe(t),
                trainConfig(t.config()))));
        return best;
    }

    /** A trial's values as {@code key=value, ...}. */
    static String describe(Trial t) {
        return t.values().entrySet().stream().map(e -> e.getKey() + "=" + Dimension.show(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * The complete, resolved configuration as a train recipe: every key, with the sweep section left to the
     * defaults (so the file does not start another sweep).
     */
    static String trainConfig(AttnsparkConfig config) {
        return config.config().withoutPath("sweep").root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
