package io.attnspark.jobs.model;

import io.attnspark.config.AttnsparkConfig;
import io.attnspark.nn.AttentionScore;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.nn.RnnAttentionModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelDirTest {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void savesAndLoadsTheModelMetricsProvenanceAndConfig() throws IOException {
        ModelDir dir = new ModelDir(new Path(tmp.toUri()), new Configuration());
        ComputationGraph model = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(
                new RnnAttentionConfig(4, 1, 4, true, 1, 4, AttentionScore.GENERAL, 4, 0.0), 9, 9, 1,
                new Adam(0.01), 0, DataType.FLOAT));
        dir.saveModel(model);
        dir.saveModel(model);
        assertEquals(model.params(), dir.loadModel().params());
        assertEquals(model.getConfiguration().toJson(), dir.loadModel().getConfiguration().toJson());

        dir.appendMetrics(Map.of("epoch", 1, "valid_loss", 0.5));
        dir.appendMetrics(Map.of("epoch", 2, "valid_loss", 0.25));
        List<Map<String, Object>> metrics = dir.metrics();
        assertEquals(2, metrics.size());
        assertEquals(0.25, ((Number) metrics.get(1).get("valid_loss")).doubleValue());

        dir.saveProvenance(Map.of("format_version", ModelDir.FORMAT_VERSION, "epoch", 2));
        assertTrue(Files.readString(tmp.resolve(ModelDir.PROVENANCE)).contains("\"epoch\" : 2"));

        Files.writeString(tmp.resolve(ModelDir.CONFIG), AttnsparkConfig.defaults().withOverrides(
                List.of("train.epochs=7")).render());
        assertEquals(7, dir.config().config().getInt("train.epochs"));

        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")
                    || f.getFileName().toString().endsWith(".crc")), "no temporary or checksum files remain");
        }
    }

    @Test
    void aDirectoryWithoutAModelSaysSo() throws IOException {
        ModelDir dir = new ModelDir(new Path(tmp.toUri()), new Configuration());
        IOException e = assertThrows(IOException.class, dir::loadModel);
        assertTrue(e.getMessage().contains("holds no model.zip"), e.getMessage());
    }
}
