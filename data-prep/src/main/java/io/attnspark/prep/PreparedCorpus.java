package io.attnspark.prep;

import io.attnspark.prep.encode.PreparedSchema;
import io.attnspark.prep.output.PrepManifest;
import io.attnspark.text.BpeCodes;
import io.attnspark.text.TextNormalizer;
import io.attnspark.text.TextPipeline;
import io.attnspark.text.Tokenizer;
import io.attnspark.text.Vocabulary;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import com.typesafe.config.ConfigFactory;

/**
 * A corpus written by {@link TextPrepJob}, opened for training and scoring. {@link #open} reads and checks
 * {@code manifest.json} (schema version; every vocabulary and codes file against the size and SHA-256 the
 * manifest recorded) and rebuilds the exact {@link TextPipeline}s prep used. The splits are read with Spark.
 */
public final class PreparedCorpus {
    private final String dir;
    private final PrepManifest manifest;
    private final PrepConfig config;
    private final TextPipeline src;
    private final TextPipeline tgt;

    private PreparedCorpus(String dir, PrepManifest manifest, PrepConfig config, TextPipeline src, TextPipeline tgt) {
        this.dir = dir;
        this.manifest = manifest;
        this.config = config;
        this.src = src;
        this.tgt = tgt;
    }

    /** Opens {@code dir} with a default Hadoop configuration (local files, or URIs whose file system needs no settings). */
    public static PreparedCorpus open(String dir) {
        return open(dir, new Configuration());
    }

    /** Opens {@code dir} with {@code conf}, e.g. {@code spark.sparkContext().hadoopConfiguration()}. */
    public static PreparedCorpus open(String dir, Configuration conf) {
        String qualified = qualify(dir, conf);
        PrepManifest m = ManifestIo.read(conf, qualified);
        if (m.schemaVersion() != PrepManifest.SCHEMA_VERSION) {
            throw new PrepException(qualified + "/" + PrepManifest.FILE + ": schema version " + m.schemaVersion()
                    + " is not supported (this code reads version " + PrepManifest.SCHEMA_VERSION + ")");
        }
        if (m.vocab() == null || m.config() == null || m.splits() == null) {
            throw new PrepException(qualified + "/" + PrepManifest.FILE + " lacks its vocab, config or splits section");
        }
        PrepConfig config;
        try {
            config = PrepConfig.from(ConfigFactory.parseMap(m.config()));
        } catch (RuntimeException e) {
            throw new PrepException(qualified + "/" + PrepManifest.FILE + ": config is invalid: " + e.getMessage(), e);
        }
        Vocabulary srcVocab = vocabulary(conf, qualified, m.vocab().src());
        Vocabulary tgtVocab = vocabulary(conf, qualified, m.vocab().tgt());
        BpeCodes srcBpe = m.bpe() == null ? null : codes(conf, qualified, m.bpe().src());
        BpeCodes tgtBpe = m.bpe() == null ? null : codes(conf, qualified, m.bpe().tgt());
        if (config.text().bpe() != (m.bpe() != null)) {
            throw new PrepException(qualified + "/" + PrepManifest.FILE + ": data.vocab.type=" + config.text().vocabType()
                    + " but the bpe section is " + (m.bpe() == null ? "missing" : "present"));
        }
        TextNormalizer normalizer = config.text().normalizer();
        Tokenizer tokenizer = new Tokenizer();
        for (Split split : Split.values()) {
            if (!m.splits().containsKey(split.dirName())) {
                throw new PrepException(qualified + "/" + PrepManifest.FILE + " lists no " + split.dirName() + " split");
            }
        }
        return new PreparedCorpus(qualified, m, config,
                new TextPipeline(normalizer, tokenizer, srcBpe, srcVocab),
                new TextPipeline(normalizer, tokenizer, tgtBpe, tgtVocab));
    }

    private static Vocabulary vocabulary(Configuration conf, String dir, PrepManifest.Artifact a) {
        Path p = new Path(dir, a.file());
        Vocabulary v;
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            v = Vocabulary.read(in, p.toString());
        } catch (IOException e) {
            throw new PrepException("cannot read vocabulary " + p + ": " + e.getMessage(), e);
        }
        check(p, "vocabulary", a, v.size(), v.sha256());
        return v;
    }

    private static BpeCodes codes(Configuration conf, String dir, PrepManifest.Artifact a) {
        Path p = new Path(dir, a.file());
        BpeCodes c;
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            c = BpeCodes.read(in, p.toString());
        } catch (IOException e) {
            throw new PrepException("cannot read BPE codes " + p + ": " + e.getMessage(), e);
        }
        check(p, "BPE codes", a, c.size(), c.sha256());
        return c;
    }

    private static void check(Path p, String what, PrepManifest.Artifact a, int size, String sha256) {
        if (!sha256.equals(a.sha256())) {
            throw new PrepException(p + ": " + what + " SHA-256 " + sha256 + " does not match the manifest's " + a.sha256()
                    + (size != a.size() ? " (" + size + " entries, manifest says " + a.size() + ")" : ""));
        }
        if (size != a.size()) {
            throw new PrepException(p + ": " + what + " has " + size + " entries, the manifest says " + a.size());
        }
    }

    private static String qualify(String dir, Configuration conf) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(conf);
            return fs.makeQualified(p).toString();
        } catch (IOException e) {
            throw new PrepException("cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The fully qualified corpus directory. */
    public String dir() {
        return dir;
    }

    public PrepManifest manifest() {
        return manifest;
    }

    /** The configuration prep ran with. */
    public PrepConfig config() {
        return config;
    }

    /** Source text to ids and back, exactly as prep encoded the source side. */
    public TextPipeline srcPipeline() {
        return src;
    }

    /** Target text to ids and back, exactly as prep encoded the target side. */
    public TextPipeline tgtPipeline() {
        return tgt;
    }

    public Vocabulary srcVocabulary() {
        return src.vocabulary();
    }

    public Vocabulary tgtVocabulary() {
        return tgt.vocabulary();
    }

    /** Source BPE codes; empty for word vocabularies. */
    public Optional<BpeCodes> srcBpe() {
        return src.bpe();
    }

    /** Target BPE codes; empty for word vocabularies. */
    public Optional<BpeCodes> tgtBpe() {
        return tgt.bpe();
    }

    /** Pairs written for {@code split} (from the manifest). */
    public long size(Split split) {
        return manifest.splits().get(split.dirName()).out();
    }

    /** The directory of the Parquet files of {@code split}. */
    public String path(Split split) {
        return new Path(dir, manifest.splits().get(split.dirName()).path()).toString();
    }

    /**
     * The rows of {@code split} (schema version 1, see {@link PreparedSchema#V1}).
     *
     * @throws PrepException if the files do not have the columns and types of schema version 1
     */
    public Dataset<Row> load(SparkSession spark, Split split) {
        Dataset<Row> rows = spark.read().parquet(path(split));
        StructType actual = rows.schema();
        for (StructField expected : PreparedSchema.V1.fields()) {
            Optional<StructField> found = java.util.Arrays.stream(actual.fields())
                    .filter(f -> f.name().equals(expected.name())).findFirst();
            if (found.isEmpty() || !found.get().dataType().simpleString().equals(expected.dataType().simpleString())) {
                throw new PrepException(path(split) + ": column " + expected.name() + " " + expected.dataType().simpleString()
                        + (found.isEmpty() ? " is missing" : " has type " + found.get().dataType().simpleString()));
            }
        }
        return rows;
    }

    /** The pairs of {@code split} as (id, src ids, tgt ids). */
    public JavaRDD<EncodedPair> pairs(SparkSession spark, Split split) {
        return load(spark, split).select(PreparedSchema.ID, PreparedSchema.SRC_IDS, PreparedSchema.TGT_IDS)
                .javaRDD().map(new ToEncodedPairFn());
    }
}
