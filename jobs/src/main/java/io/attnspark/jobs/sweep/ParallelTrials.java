package io.attnspark.jobs.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnspark.jobs.model.ModelDir;
import io.attnspark.nn.TokenPair;
import io.attnspark.prep.EncodedPair;
import io.attnspark.prep.JavaSerialized;
import io.attnspark.prep.PreparedCorpus;
import io.attnspark.prep.Split;
import io.attnspark.prep.encode.PreparedSchema;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Trials as Spark tasks: the prepared corpus is collected on the driver and broadcast once, and every step is
 * a one-task Spark job ({@link TrainTrialFn}) submitted at once with the others, so as many trials train side by
 * side as the cluster has task slots, and each result is reported as soon as its job ends. The model a step
 * leaves comes back to the driver, is written to the trial's {@code model.zip} and goes with the trial's next
 * step. Meant for models small enough to train on one executor core.
 */
public final class ParallelTrials implements TrialRunner {
    private static final long POLL_MILLIS = 200;
    private final JavaSparkContext sc;
    private final Broadcast<JavaSerialized<TrialData>> data;
    private final Map<Integer, byte[]> models = new HashMap<>();

    /** Collects the training and validation splits of {@code corpus} (at most {@code bleuSentences} references). */
    public ParallelTrials(SparkSession spark, PreparedCorpus corpus, int bleuSentences) {
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<TokenPair> train = new ArrayList<>();
        for (EncodedPair p : corpus.pairs(spark, Split.TRAIN).collect()) {
            train.add(p.toTokenPair());
        }
        List<Row> rows = corpus.load(spark, Split.VALID)
                .select(PreparedSchema.TGT, PreparedSchema.SRC_IDS, PreparedSchema.TGT_IDS)
                .orderBy(PreparedSchema.ID).collectAsList();
        List<TokenPair> valid = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (Row r : rows) {
            valid.add(new TokenPair(ints(r.getList(1)), ints(r.getList(2))));
            if (references.size() < bleuSentences) {
                references.add(r.getString(0));
            }
        }
        TrialData d = new TrialData(train, valid, references, corpus.tgtPipeline(), corpus.srcVocabulary().size(),
                corpus.tgtVocabulary().size());
        this.data = sc.broadcast(JavaSerialized.of(d));
    }

    @Override
    public void run(List<TrialStep> steps, Consumer<StepResult> onDone) throws Exception {
        Map<TrialStep, JavaFutureAction<List<TrialOutcome>>> running = new LinkedHashMap<>();
        Map<TrialStep, Long> started = new HashMap<>();
        for (TrialStep step : steps) {
            TrialTask task = new TrialTask(step.id(), step.config().render(), step.fromEpoch(), step.toEpoch(),
                    step.fromEpoch() == 0 ? null : models.get(step.id()));
            sc.setJobGroup("sweep-trial-" + step.id(), "sweep trial " + step.id() + " epochs " + (step.fromEpoch() + 1)
                    + "-" + step.toEpoch(), true);
            running.put(step, sc.parallelize(List.of(task), 1).map(new TrainTrialFn(data)).collectAsync());
            started.put(step, System.nanoTime());
        }
        sc.clearJobGroup();
        while (!running.isEmpty()) {
            boolean any = false;
            for (Iterator<Map.Entry<TrialStep, JavaFutureAction<List<TrialOutcome>>>> it = running.entrySet().iterator();
                 it.hasNext(); ) {
                Map.Entry<TrialStep, JavaFutureAction<List<TrialOutcome>>> e = it.next();
                if (e.getValue().isDone()) {
                    it.remove();
                    any = true;
                    onDone.accept(result(e.getKey(), e.getValue(), started.get(e.getKey())));
                }
            }
            if (!any) {
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private StepResult result(TrialStep step, JavaFutureAction<List<TrialOutcome>> job, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        TrialOutcome outcome;
        try {
            outcome = job.get().get(0);
        } catch (ExecutionException e) {
            return StepResult.failed(step.id(), e.getCause() != null ? e.getCause() : e, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StepResult.failed(step.id(), e, seconds);
        }
        List<Map<String, Object>> epochs = new ArrayList<>();
        try {
            ObjectMapper json = new ObjectMapper();
            Files.createDirectories(step.dir());
            for (String line : outcome.metrics) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = json.readValue(line, LinkedHashMap.class);
                epochs.add(m);
                Files.writeString(step.dir().resolve(ModelDir.METRICS), line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            if (outcome.model != null) {
                models.put(step.id(), outcome.model);
                java.nio.file.Path tmp = step.dir().resolve(ModelDir.MODEL + ".tmp");
                Files.write(tmp, outcome.model);
                Files.move(tmp, step.dir().resolve(ModelDir.MODEL), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (java.io.IOException e) {
            return StepResult.failed(step.id(), e, seconds);
        }
        return new StepResult(step.id(), outcome.error, epochs, outcome.seconds);
    }

    private static int[] ints(List<Object> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).intValue();
        }
        return out;
    }
}
