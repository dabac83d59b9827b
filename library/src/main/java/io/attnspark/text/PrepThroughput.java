package io.attnspark.text;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Single-thread throughput of the text path of prep: normalise, tokenize, apply BPE and look up ids for
 * both sides of every sentence pair, in pairs per second of the measuring thread's CPU time (one core;
 * wall time is kept too, but on a shared machine it also measures the neighbours).
 *
 * <p>{@link #prepare} learns BPE codes ({@code data.vocab.bpe-merges}) and a vocabulary from the corpus,
 * untimed. {@link #measure} then runs warm-up rounds, untimed, and timed rounds. Each round first empties
 * the BPE segmentation caches and encodes the corpus twice: the <em>cold</em> pass pays for segmenting
 * every distinct word once, as a fresh prep executor does; the <em>warm</em> pass finds every word
 * cached. The medians of both are reported.
 */
public final class PrepThroughput {
    private final ParallelCorpus corpus;
    private final TextPipeline source;
    private final TextPipeline target;

    private PrepThroughput(ParallelCorpus corpus, TextPipeline source, TextPipeline target) {
        this.corpus = corpus;
        this.source = source;
        this.target = target;
    }

    /**
     * Learns BPE codes and a vocabulary from {@code corpus} as {@code text} says (normalisation, joint or
     * per side, merges, min-count, max-size), always with BPE whatever {@code data.vocab.type} is.
     */
    public static PrepThroughput prepare(ParallelCorpus corpus, TextConfig text) {
        Objects.requireNonNull(corpus, "corpus");
        TextNormalizer normalizer = text.normalizer();
        Tokenizer tokenizer = new Tokenizer();
        if (text.joint()) {
            List<String> both = new ArrayList<>(corpus.source());
            both.addAll(corpus.target());
            TextPipeline joint = learn(both, normalizer, tokenizer, text);
            return new PrepThroughput(corpus, joint, joint);
        }
        return new PrepThroughput(corpus, learn(corpus.source(), normalizer, tokenizer, text),
                learn(corpus.target(), normalizer, tokenizer, text));
    }

    private static TextPipeline learn(List<String> lines, TextNormalizer normalizer, Tokenizer tokenizer, TextConfig text) {
        TextPipeline words = new TextPipeline(normalizer, tokenizer, null, Vocabulary.of(List.of()));
        Map<String, Long> tokenCounts = new HashMap<>();
        for (String line : lines) {
            for (String token : words.tokens(line)) {
                tokenCounts.merge(token, 1L, Long::sum);
            }
        }
        BpeCodes bpe = BpeLearner.learn(tokenCounts, text.bpeMerges());
        Map<String, Long> pieceCounts = new HashMap<>();
        for (String line : lines) {
            for (String piece : bpe.apply(words.tokens(line))) {
                pieceCounts.merge(piece, 1L, Long::sum);
            }
        }
        return new TextPipeline(normalizer, tokenizer, bpe, Vocabulary.fromCounts(pieceCounts, text.minCount(), text.maxSize()));
    }

    /** The pipeline applied to source sentences. */
    public TextPipeline sourcePipeline() {
        return source;
    }

    /** The pipeline applied to target sentences (the source one when the vocabulary is joint). */
    public TextPipeline targetPipeline() {
        return target;
    }

    /**
     * Runs {@code warmup} untimed rounds, then {@code repeats} timed ones, on the calling thread.
     *
     * @param warmup  at least 0
     * @param repeats at least 1
     */
    public Result measure(int warmup, int repeats) {
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("warmup=" + warmup + " must be at least 0 and repeats=" + repeats + " at least 1");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
        if (cpuClock && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        for (int i = 0; i < warmup; i++) {
            clearCaches();
            encodeAll();
            encodeAll();
        }
        double[] coldCpu = new double[repeats];
        double[] warmCpu = new double[repeats];
        double[] coldWall = new double[repeats];
        long pieces = 0;
        for (int i = 0; i < repeats; i++) {
            clearCaches();
            long wall0 = System.nanoTime();
            long cpu0 = cpuClock ? threads.getCurrentThreadCpuTime() : wall0;
            pieces = encodeAll();
            long wall1 = System.nanoTime();
            long cpu1 = cpuClock ? threads.getCurrentThreadCpuTime() : wall1;
            long warmPieces = encodeAll();
            long cpu2 = cpuClock ? threads.getCurrentThreadCpuTime() : System.nanoTime();
            if (warmPieces != pieces) {
                throw new IllegalStateException("cold pass made " + pieces + " pieces but warm pass " + warmPieces);
            }
            coldCpu[i] = (cpu1 - cpu0) / 1e9;
            warmCpu[i] = (cpu2 - cpu1) / 1e9;
            coldWall[i] = (wall1 - wall0) / 1e9;
        }
        int pairs = corpus.size();
        return new Result(pairs, pieces, source.bpe().orElseThrow().size(), target.bpe().orElseThrow().size(),
                pairs / median(coldCpu), pairs / median(warmCpu), pairs / median(coldWall), cpuClock, repeats, warmup);
    }

    /** Encodes both sides of every pair; returns the number of ids (pieces) made. */
    private long encodeAll() {
        List<String> s = corpus.source();
        List<String> t = corpus.target();
        long pieces = 0;
        for (int i = 0; i < s.size(); i++) {
            pieces += source.encode(s.get(i)).length;
            pieces += target.encode(t.get(i)).length;
        }
        return pieces;
    }

    private void clearCaches() {
        source.bpe().orElseThrow().clearCache();
        target.bpe().orElseThrow().clearCache();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The medians of the timed rounds.
     *
     * @param pairs              sentence pairs per pass
     * @param pieces             pieces (ids) per pass, both sides
     * @param sourceMerges       BPE merges learned for the source side
     * @param targetMerges       BPE merges learned for the target side (the same codes when joint)
     * @param coldPairsPerCore   pairs per CPU second with the BPE cache emptied before the pass
     * @param warmPairsPerCore   pairs per CPU second with every word already cached
     * @param coldPairsPerWall   pairs per wall-clock second of the cold pass
     * @param cpuClock           whether thread CPU time was measured (else the per-core figures are wall time)
     * @param repeats            timed rounds
     * @param warmup             untimed rounds
     */
    public record Result(int pairs, long pieces, int sourceMerges, int targetMerges, double coldPairsPerCore,
                         double warmPairsPerCore, double coldPairsPerWall, boolean cpuClock, int repeats, int warmup) {
    }
}
