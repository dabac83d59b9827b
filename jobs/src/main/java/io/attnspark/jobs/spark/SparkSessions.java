package io.attnspark.jobs.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Builds the SparkSession of a run from {@link SparkSettings}.
 *
 * <p>Master: {@code masterOverride} (the {@code --master} option) if given, else the master that
 * spark-submit set (system property {@code spark.master}), else {@code spark.master} of the config.
 * The {@code spark.conf} entries are applied unless spark-submit already set the same key (an explicit
 * {@code spark-submit --conf} wins over the recipe). Local masters, and standalone masters on a loopback
 * address (such as the cluster of {@code attnspark cluster start}), bind the driver to 127.0.0.1: the
 * executors must reach it there, and nothing of it is exposed beyond the machine. For a cluster master
 * started outside spark-submit, the shaded jar named by the system property {@value #APP_JAR_PROPERTY}
 * (bin/attnspark sets it) is shipped to the executors. The Java 17 {@code --add-opens} list needs no
 * setting here: Spark's own SparkContext adds it to the executors' Java options.
 */
public final class SparkSessions {
    /** System property naming the application jar to ship to executors (bin/attnspark sets it). */
    public static final String APP_JAR_PROPERTY = "attnspark.app.jar";
    /** The executors' native threads per ND4J op (libnd4j and OpenMP read OMP_NUM_THREADS at start). */
    static final String EXECUTOR_THREADS = "spark.executorEnv.OMP_NUM_THREADS";

    private SparkSessions() {
    }

    public static SparkSession create(SparkSettings settings, String appName, String masterOverrideOrNull) {
        return SparkSession.builder().config(sparkConf(settings, appName, masterOverrideOrNull)).getOrCreate();
    }

    /** The SparkConf {@link #create} uses (exposed so that the choice of master and keys is testable). */
    public static SparkConf sparkConf(SparkSettings settings, String appName, String masterOverrideOrNull) {
        SparkConf conf = new SparkConf(true);
        String master = chooseMaster(settings, masterOverrideOrNull, System.getProperty("spark.master"));
        conf.setMaster(master);
        conf.setAppName(appName);
        for (Map.Entry<String, String> e : settings.conf().entrySet()) {
            conf.setIfMissing(e.getKey(), e.getValue());
        }
        if (SparkSettings.isLocal(master) || isLoopbackStandalone(master)) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!SparkSettings.isLocal(master)) {
            // Each executor core runs one task (one parameter-averaging worker, one scoring partition) at a time;
            // without this, ND4J in an executor sizes its native thread pool by the machine's cores, so the
            // tasks of all executors on a machine oversubscribe it. A value in spark.conf wins.
            conf.setIfMissing(EXECUTOR_THREADS, "1");
            String appJar = System.getProperty(APP_JAR_PROPERTY);
            if (appJar != null && !appJar.isBlank() && !conf.contains("spark.jars")) {
                conf.set("spark.jars", appJar);
            }
        }
        return conf;
    }

    /**
     * True for a standalone master URL whose hosts are all loopback addresses: {@code spark://127.0.0.1:7077},
     * {@code spark://localhost:7077}, {@code spark://[::1]:7077} (several hosts, comma separated, for a
     * master with standby).
     */
    static boolean isLoopbackStandalone(String master) {
        if (!master.startsWith("spark://")) {
            return false;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            String host = hostPort.startsWith("[") ? hostPort.substring(0, hostPort.indexOf(']') + 1)
                    : hostPort.replaceFirst(":[0-9]*$", "");
            if (!(host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.[0-9]{1,3}){3}"))) {
                return false;
            }
        }
        return true;
    }

    static String chooseMaster(SparkSettings settings, String override, String submitted) {
        if (override != null && !override.isBlank()) {
            return override;
        }
        if (submitted != null && !submitted.isBlank()) {
            return submitted;
        }
        return settings.master();
    }
}
