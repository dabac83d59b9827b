package io.attnspark.jobs.train;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark context the training tests share the settings of: local[2], Kryo with ND4J's registrator, no UI. */
final class LocalSpark {
    private LocalSpark() {
    }

    static JavaSparkContext start(String appName) {
        return new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator"));
    }
}
