package io.attnspark.jobs.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stopping the processes of a cluster, each by its recorded PID: a polite request (SIGTERM), a wait, then
 * a forced kill. The processes a worker started itself (its executors) are stopped with it, by their PIDs
 * taken from the worker's descendants before it is asked to stop; nothing else is touched.
 */
final class ClusterProcesses {
    /** Time a process gets to stop on request before it is killed: a worker first stops its executors. */
    static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private ClusterProcesses() {
    }

    /** What became of a recorded process. */
    enum Outcome {
        STOPPED, KILLED, NOT_RUNNING, STILL_RUNNING
    }

    /** Stops the recorded process if it runs, with everything it started. */
    static Outcome stop(ClusterProcess process) {
        return process.running().map(ClusterProcesses::stop).orElse(Outcome.NOT_RUNNING);
    }

    /** Stops a live process and its descendants; {@link Outcome#STILL_RUNNING} if even a kill did not end it. */
    static Outcome stop(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        Outcome outcome = terminate(process);
        for (ProcessHandle child : descendants) {
            if (terminate(child) == Outcome.STILL_RUNNING) {
                outcome = Outcome.STILL_RUNNING;
            }
        }
        return outcome;
    }

    private static Outcome terminate(ProcessHandle process) {
        if (!process.isAlive()) {
            return Outcome.STOPPED;
        }
        process.destroy();
        if (waitFor(process, GRACE)) {
            return Outcome.STOPPED;
        }
        process.destroyForcibly();
        return waitFor(process, AFTER_KILL) ? Outcome.KILLED : Outcome.STILL_RUNNING;
    }

    private static boolean waitFor(ProcessHandle process, Duration limit) {
        try {
            process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
