package io.attnspark.jobs.score;

import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnAttentionModel;
import io.attnspark.text.TextNormalizer;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Tokenizer;
import io.attnspark.text.Vocabulary;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import scala.reflect.ClassTag$;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * How the model reaches executors: the broadcast payload survives Spark's Kryo (a local master never
 * deserializes a broadcast, a cluster does), and the per-JVM cache deserializes one graph per concurrent
 * lease, reusing it afterwards.
 */
class ModelCacheTest {

    @Test
    void thePayloadSurvivesSparksKryo() throws IOException {
        ModelPayload payload = payload("kryo-round-trip");
        SerializerInstance kryo = new KryoSerializer(new SparkConf()
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")).newInstance();
        ByteBuffer bytes = kryo.serialize(payload, ClassTag$.MODULE$.apply(ModelPayload.class));
        ModelPayload back = kryo.deserialize(bytes, ClassTag$.MODULE$.apply(ModelPayload.class));
        assertEquals(payload.key(), back.key());
        assertArrayEquals(payload.graphBytes(), back.graphBytes());
        assertEquals(payload.source(), back.source());
        assertArrayEquals(payload.target().encode("b a c"), back.target().encode("b a c"));
    }

    @Test
    void oneGraphPerConcurrentLeaseReusedAfterwards() throws IOException {
        ModelPayload payload = payload("cache-" + System.nanoTime());
        try (ModelCache.Lease a = ModelCache.lease(payload); ModelCache.Lease b = ModelCache.lease(payload)) {
            assertNotSame(a.graph(), b.graph(), "two tasks at once get two graphs");
        }
        assertEquals(2, ModelCache.loads(payload.key()));
        for (int task = 0; task < 5; task++) {
            try (ModelCache.Lease c = ModelCache.lease(payload)) {
                c.graph();
            }
        }
        assertEquals(2, ModelCache.loads(payload.key()), "later tasks reuse the graphs");
        ModelCache.Lease d = ModelCache.lease(payload);
        d.close();
        d.close();
        assertThrows(IllegalStateException.class, d::graph, "a returned lease has no graph");
        assertEquals(2, ModelCache.loads(payload.key()));
    }

    @Test
    void anotherModelsLeaseInBetweenKeepsTheCountAndDropsOnlyIdleGraphs() throws IOException {
        ModelPayload mine = payload("mine-" + System.nanoTime());
        ModelPayload other = payload("other-" + System.nanoTime());
        try (ModelCache.Lease a = ModelCache.lease(mine)) {
            try (ModelCache.Lease o = ModelCache.lease(other)) {   // e.g. a task of an earlier job still finishing
                o.graph();
            }
            try (ModelCache.Lease b = ModelCache.lease(mine)) {
                assertNotSame(a.graph(), b.graph());
            }
        }
        assertEquals(2, ModelCache.loads(mine.key()), "the other model's lease did not reset this model's pool");
        try (ModelCache.Lease c = ModelCache.lease(mine)) {
            c.graph();
        }
        assertEquals(2, ModelCache.loads(mine.key()), "idle graphs of this model are reused");
        try (ModelCache.Lease o = ModelCache.lease(other)) {
            o.graph();
        }
        assertEquals(2, ModelCache.loads(other.key()), "leasing this model dropped the other model's idle graph");
        try (ModelCache.Lease c = ModelCache.lease(mine)) {
            c.graph();
        }
        assertEquals(3, ModelCache.loads(mine.key()), "leasing the other model dropped this model's idle graphs");
    }

    private static ModelPayload payload(String key) throws IOException {
        ComputationGraph graph = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(
                new RnnAttentionConfig(4, 1, 4, true, 1, 4, AttentionScore.GENERAL, 4, 0.0), 7, 7, 1,
                new Adam(0.01), 0, DataType.FLOAT));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, false);
        Vocabulary vocab = Vocabulary.fromCounts(Map.of("a", 3L, "b", 2L, "c", 1L), 1, 100);
        TextPipeline text = new TextPipeline(new TextNormalizer("NFC", false), new Tokenizer(), null, vocab);
        return new ModelPayload(key, bytes.toByteArray(), text, text);
    }
}
