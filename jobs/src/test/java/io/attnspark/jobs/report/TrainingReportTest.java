package io.attnspark.jobs.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingReportTest {
    private static Map<String, Object> epoch(int e, double train, double valid, Double bleu, double lr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e);
        m.put("train_loss", train);
        m.put("valid_loss", valid);
        if (bleu != null) {
            m.put("valid_bleu_greedy", bleu);
        }
        m.put("learning_rate", lr);
        return m;
    }

    @Test
    void curvesHaveOnePointPerEpochAndTheHeatmapOneCellPerWeight() {
        List<Map<String, Object>> metrics = List.of(epoch(1, 4.0, 3.5, 10.0, 0.002), epoch(2, 3.0, 3.0, 20.0, 0.002),
                epoch(3, 2.5, 3.1, 19.0, 0.001));
        TrainingReport.Alignment a = new TrainingReport.Alignment(List.of("ein", "<b>hund", "</s>"),
                List.of("a", "dog", "</s>"), new float[][] {{0.9f, 0.1f, 0f}, {0.1f, 0.8f, 0.1f}, {0f, 0f, 1f}});
        String html = TrainingReport.html("run <1>", metrics, List.of(a));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>run &lt;1&gt;</title>"), "title escaped");
        assertEquals(4, count(html, "<svg"), "loss, BLEU, learning rate, one heatmap");
        assertEquals(2 * 3 + 3 + 3, count(html, "<circle"), "two loss series, BLEU and learning rate, 3 epochs each");
        assertEquals(9, count(html, "<rect x=") - 3, "nine heatmap cells (plus one frame per chart)");
        assertTrue(html.contains("&lt;b&gt;hund") && !html.contains("<b>hund"), "tokens escaped");
        assertTrue(html.contains("<title>0.800</title>"), "cell weight as tooltip");
    }

    @Test
    void withoutBleuOrEpochsItStillRenders() {
        String none = TrainingReport.html("r", List.of(), List.of());
        assertTrue(none.contains("No epoch finished yet."));
        String noBleu = TrainingReport.html("r", List.of(epoch(1, 2.0, 2.0, null, 0.01)), List.of());
        assertFalse(noBleu.contains("Validation BLEU"));
        assertEquals(2, count(noBleu, "<svg"));
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
