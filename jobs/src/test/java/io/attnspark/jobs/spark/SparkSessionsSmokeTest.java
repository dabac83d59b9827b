package io.attnspark.jobs.spark;

import io.attnspark.config.AttnsparkConfig;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Proves that the JVM flags (Spark's --add-opens list) and the default spark.conf (Kryo with the ND4J
 * registrator) work: a local[2] session runs a job with a shuffle, which goes through Kryo.
 */
class SparkSessionsSmokeTest {
    @Test
    void localSessionRunsAShuffle() {
        SparkSettings settings = SparkSettings.from(AttnsparkConfig.load(null, List.of("spark.conf.\"spark.sql.shuffle.partitions\"=2")));
        SparkSession spark = SparkSessions.create(settings, "attnspark smoke", "local[2]");
        try {
            assertEquals("local[2]", spark.sparkContext().master());
            assertEquals("org.apache.spark.serializer.KryoSerializer", spark.conf().get("spark.serializer"));
            assertEquals("2", spark.conf().get("spark.sql.shuffle.partitions"));
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaPairRDD<Integer, Integer> counts = jsc.parallelize(IntStream.range(0, 1000).boxed().collect(Collectors.toList()), 4)
                    .mapToPair(i -> new Tuple2<>(i % 3, 1))
                    .reduceByKey(Integer::sum, 2);
            Map<Integer, Integer> result = counts.collectAsMap();
            assertEquals(Map.of(0, 334, 1, 333, 2, 333), Map.copyOf(result));
            assertEquals(1000L, spark.range(1000).selectExpr("id % 7 as k").groupBy("k").count()
                    .selectExpr("sum(count)").first().getLong(0));
        } finally {
            spark.stop();
        }
    }
}
