package io.attnspark.jobs.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnspark.jobs.cli.CommandFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code cluster start} records in {@code DIR/cluster.json}, and what {@code status} and {@code stop}
 * read: the master URL, the sizes asked for and every process launched, with its PID and ports. Written
 * (atomically) as soon as the first process exists, and again after each one, so that {@code stop} finds
 * every process even when {@code start} was interrupted.
 *
 * @param version        {@value #VERSION}; a reader refuses any other
 * @param masterUrl      {@code spark://127.0.0.1:PORT}
 * @param webUi          the master's web UI, {@code http://127.0.0.1:PORT}
 * @param sparkHome      the SPARK_HOME layout the processes run from (the cluster directory)
 * @param workers        workers asked for
 * @param coresPerWorker cores each worker offers
 * @param memoryPerWorker memory each worker offers to executors ({@code 2g})
 * @param startedAt      when {@code cluster start} ran (ISO-8601)
 * @param processes      the master first, then the workers in order
 */
public record ClusterState(int version, String masterUrl, String webUi, String sparkHome, int workers,
                           int coresPerWorker, String memoryPerWorker, String startedAt,
                           List<ClusterProcess> processes) {
    public static final String FILE = "cluster.json";
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ClusterState {
        processes = List.copyOf(processes);
    }

    /** This state with one more process. */
    public ClusterState with(ClusterProcess process) {
        List<ClusterProcess> all = new ArrayList<>(processes);
        all.add(process);
        return new ClusterState(version, masterUrl, webUi, sparkHome, workers, coresPerWorker, memoryPerWorker,
                startedAt, all);
    }

    /** This state with the master URL the master itself reported. */
    public ClusterState withMasterUrl(String url) {
        return new ClusterState(version, url, webUi, sparkHome, workers, coresPerWorker, memoryPerWorker, startedAt,
                processes);
    }

    /** The recorded processes that still run. */
    public List<ClusterProcess> running() {
        return processes.stream().filter(p -> p.running().isPresent()).toList();
    }

    /** The state recorded in {@code dir}, if there is one. */
    public static Optional<ClusterState> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        ClusterState state;
        try {
            state = MAPPER.readValue(file.toFile(), ClusterState.class);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse("")
                    + " (if no cluster runs, delete it)", e);
        }
        if (state.version() != VERSION) {
            throw new CommandFailure(file + " has version " + state.version() + "; this attnspark reads version "
                    + VERSION + " (stop that cluster with the attnspark that started it)");
        }
        return Optional.of(state);
    }

    /** Writes this state to {@code dir/cluster.json}, replacing it atomically. */
    public void write(Path dir) {
        Path file = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            MAPPER.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code dir/cluster.json} if it exists. */
    public static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new CommandFailure("cannot delete " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }
}
