package io.attnspark.jobs.sweep;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.config.ConfigError;
import io.attnspark.jobs.config.ConfigSchema;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sweep itself, independent of where trials run: draws the trials from the space, applies each trial's
 * values to the base configuration, and runs the rungs of successive halving through a {@link TrialRunner},
 * promoting the best trials of each rung. A trial whose configuration is refused or whose step fails is
 * recorded as failed (with its error) and the others go on. Prints one progress line per finished step with
 * the sweep's ETA, and hands the trials to {@code onUpdate} after each (to rewrite the leaderboard).
 */
public final class Sweep {
    private final SweepSettings settings;
    private final AttnsparkConfig base;
    private final Path out;
    private final PrintStream progress;

    /**
     * @param base the sweep file's configuration (defaults &lt;- sweep file &lt;- overrides)
     * @param out  the sweep directory; trial k works in {@code out/trials/NNN}
     */
    public Sweep(SweepSettings settings, AttnsparkConfig base, Path out, PrintStream progress) {
        this.settings = settings;
        this.base = base;
        this.out = out;
        this.progress = progress;
    }

    /** The trial's directory under the sweep directory. */
    public static Path trialDir(Path out, int id) {
        return out.resolve("trials").resolve(String.format(Locale.ROOT, "%03d", id));
    }

    /** Runs the sweep; returns every trial (in id order) with its status and results. */
    public List<Trial> run(TrialRunner runner, Consumer<List<Trial>> onUpdate) throws Exception {
        int count = settings.trialCount();
        int maxEpochs = base.config().getInt("train.epochs");
        Halving halving = settings.halving() ? new Halving(settings.minEpochs(), settings.reduction(), maxEpochs)
                : Halving.off(maxEpochs);
        long seed = base.config().getLong("seed");
        List<Trial> trials = new ArrayList<>();
        List<Map<String, Object>> drawn = settings.space().trials(count, seed);
        for (int i = 0; i < count; i++) {
            trials.add(newTrial(i + 1, drawn.get(i)));
        }
        List<Integer> rungs = halving.rungs();
        long planned = halving.plannedEpochs(count);
        progress.printf(Locale.ROOT, "sweep: %d trials (%s mode), objective %s, rungs at %s epochs; up to %d "
                        + "epoch-trainings%n", count, settings.mode().name().toLowerCase(Locale.ROOT), settings.objective(),
                rungs, planned);
        for (Trial t : trials) {
            if (t.status() == Trial.Status.FAILED) {
                progress.printf(Locale.ROOT, "sweep: trial %d/%d failed: %s%n", t.id(), count, t.error());
            }
        }
        onUpdate.accept(trials);

        long start = System.nanoTime();
        long[] done = {0};
        List<Trial> alive = new ArrayList<>(trials.stream().filter(t -> t.status() == Trial.Status.RUNNING).toList());
        int previous = 0;
        for (int r = 0; r < rungs.size() && !alive.isEmpty(); r++) {
            int from = previous;
            int to = rungs.get(r);
            int rung = r + 1;
            Map<Integer, Trial> byId = new LinkedHashMap<>();
            List<TrialStep> steps = new ArrayList<>();
            for (Trial t : alive) {
                byId.put(t.id(), t);
                steps.add(new TrialStep(t.id(), t.config(), trialDir(out, t.id()), from, to));
            }
            Map<Integer, Double> results = new LinkedHashMap<>();
            runner.run(steps, result -> {
                Trial t = byId.get(result.id());
                t.record(result, settings.objective());
                done[0] += to - from;
                results.put(t.id(), t.status() == Trial.Status.FAILED ? Double.NaN : t.objective());
                double elapsed = (System.nanoTime() - start) / 1e9;
                String eta = done[0] >= planned ? "0s" : duration(elapsed / done[0] * (planned - done[0]));
                if (result.ok()) {
                    progress.printf(Locale.ROOT, "sweep: trial %d/%d rung %d/%d (%d epoch%s) %s %s in %.0fs  [%d/%d "
                                    + "epoch-trainings, elapsed %s, ETA %s]%n", t.id(), count, rung, rungs.size(), to,
                            to == 1 ? "" : "s", settings.objective(), format(t.objective()), result.seconds(), done[0],
                            planned, duration(elapsed), eta);
                } else {
                    progress.printf(Locale.ROOT, "sweep: trial %d/%d failed in rung %d: %s  [elapsed %s, ETA %s]%n",
                            t.id(), count, rung, t.error(), duration(elapsed), eta);
                }
                onUpdate.accept(trials);
            });
            if (r == rungs.size() - 1) {
                alive.forEach(t -> t.finish(Trial.Status.DONE));
                break;
            }
            Set<Integer> promoted = new HashSet<>(halving.promotable(results, Set.of(), settings.objective().maximize));
            List<Trial> next = new ArrayList<>();
            for (Trial t : alive) {
                if (promoted.contains(t.id()) && t.status() == Trial.Status.RUNNING) {
                    next.add(t);
                } else {
                    t.finish(Trial.Status.STOPPED);
                }
            }
            if (next.size() < alive.size()) {
                progress.printf(Locale.ROOT, "sweep: rung %d done: trials %s continue to %d epochs, %d stopped%n", rung,
                        next.stream().map(Trial::id).toList(), rungs.get(r + 1), alive.size() - next.size());
            }
            alive = next;
            previous = to;
        }
        onUpdate.accept(trials);
        return trials;
    }

    /** A trial with its values applied to the base configuration, or a failed one naming the refused value. */
    private Trial newTrial(int id, Map<String, Object> values) {
        try {
            AttnsparkConfig config = base.withOverrides(SearchSpace.overrides(values));
            ConfigSchema.validate(config);
            return new Trial(id, values, config, null);
        } catch (ConfigError e) {
            return new Trial(id, values, null, "configuration refused: " + e.getMessage());
        }
    }

    static String format(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
