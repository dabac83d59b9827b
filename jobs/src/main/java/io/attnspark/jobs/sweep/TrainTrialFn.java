package io.attnspark.jobs.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.config.AttnsparkConfig;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.nn.RnnAttentionConfig;
import io.attnspark.prep.JavaSerialized;
import io.attnspark.train.EpochStats;
import io.attnspark.train.LocalTrainer;
import io.attnspark.train.TrainConfig;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parallel trial's step inside a Spark task: builds the trial's model (or restores the one its last step
 * left), trains it on one machine with the library's {@link LocalTrainer} from epoch {@code fromEpoch + 1} to
 * {@code toEpoch}, and after every epoch measures the validation loss and greedy BLEU exactly as {@code train}
 * does. Any failure becomes the outcome's one-line error, so one bad trial never fails the Spark job.
 */
final class TrainTrialFn implements Function<TrialTask, TrialOutcome> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<JavaSerialized<TrialData>> data;

    TrainTrialFn(Broadcast<JavaSerialized<TrialData>> data) {
        this.data = data;
    }

    @Override
    public TrialOutcome call(TrialTask task) {
        long start = System.nanoTime();
        List<String> lines = new ArrayList<>();
        try {
            TrialData d = data.value().get();
            AttnsparkConfig config = AttnsparkConfig.parse(task.config, "trial " + task.id);
            TrainConfig train = TrainConfig.fromConfig(config.section("train"));
            long seed = config.config().getLong("seed");
            ComputationGraph graph = task.model == null
                    ? LocalTrainer.newGraph(RnnAttentionConfig.fromConfig(config.section("model")), train,
                    d.sourceVocab(), d.targetVocab(), seed)
                    : ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(task.model), true);
            LocalTrainer trainer = new LocalTrainer(train, seed);
            List<MultiDataSet> batches = trainer.batches(d.train());
            if (batches.isEmpty()) {
                throw new IllegalStateException("no training pair fits train.max-target-length=" + train.maxTargetLength());
            }
            List<String> references = d.references().subList(0, Math.min(train.bleuSentences(), d.references().size()));
            TrialValidation validation = new TrialValidation(d.valid(), references, d.target(), train.batchSize());
            DecodeConfig decode = DecodeConfig.fromConfig(config.section("decode"));
            ObjectMapper json = new ObjectMapper();
            for (int epoch = task.fromEpoch + 1; epoch <= task.toEpoch; epoch++) {
                EpochStats stats = trainer.fitEpoch(graph, batches, epoch);
                double loss = validation.loss(graph);
                double bleu = validation.bleu(graph, decode);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("epoch", epoch);
                m.put("train_loss", stats.lossPerToken());
                m.put("valid_loss", loss);
                m.put("valid_ppl", Math.exp(loss));
                if (!Double.isNaN(bleu)) {
                    m.put("valid_bleu_greedy", bleu);
                }
                m.put("seconds", stats.seconds());
                m.put("train_tokens_per_s", stats.tokensPerSecond());
                lines.add(json.writeValueAsString(m));
                // ND4J frees native buffers only when their Java objects are collected (see NativeGarbage in
                // score): a full GC per epoch keeps a long sweep's resident memory from piling up.
                System.gc();
            }
            ByteArrayOutputStream model = new ByteArrayOutputStream();
            ModelSerializer.writeModel(graph, model, true);
            return new TrialOutcome(task.id, null, lines.toArray(new String[0]), model.toByteArray(), seconds(start));
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            return new TrialOutcome(task.id, StepResult.oneLine(e), lines.toArray(new String[0]), null, seconds(start));
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
