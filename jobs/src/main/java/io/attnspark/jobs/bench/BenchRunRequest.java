package io.attnspark.jobs.bench;

import io.attnspark.jobs.cli.JobContext;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code attnspark bench} was asked to measure (see BenchCommand for the meaning of each option).
 *
 * @param out local directory for bench.md and bench.txt, or null
 */
public record BenchRunRequest(JobContext context, List<String> models, List<String> phases, int warmup, int repeats,
                              int threads, boolean compare, Path python, Path torchScript, boolean spark,
                              boolean cluster, int batches, Path out) {
    public BenchRunRequest {
        models = List.copyOf(models);
        phases = List.copyOf(phases);
    }
}
