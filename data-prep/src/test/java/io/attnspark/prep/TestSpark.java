package io.attnspark.prep;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * One local[2] SparkSession for the whole test JVM (Spark stops it in its shutdown hook). Kryo is on, as in
 * conf/defaults.conf, so broadcast and shuffled objects are tested with the serializer a real run uses.
 */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            String tmp = System.getProperty("java.io.tmpdir");
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("attnspark-data-prep-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2")
                    .config("spark.local.dir", tmp)
                    .config("spark.sql.warehouse.dir", Path.of(tmp, "spark-warehouse").toUri().toString())
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
