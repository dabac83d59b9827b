package io.attnspark.prep;

import io.attnspark.prep.output.AtomicOutput;
import io.attnspark.prep.output.PrepManifest;
import io.attnspark.prep.vocab.VocabularyLearner;
import io.attnspark.text.BpeCodes;
import io.attnspark.text.Vocabulary;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes the vocabularies ({@code vocab.src.txt}, {@code vocab.tgt.txt}: the same content when joint) and the BPE
 * codes ({@code bpe.codes} when joint, else {@code bpe.src.codes} and {@code bpe.tgt.codes}).
 */
record ArtifactFiles(PrepManifest.Vocab vocab, PrepManifest.Bpe bpe) {

    static ArtifactFiles write(AtomicOutput out, VocabularyLearner.Learned learned, boolean joint, String type) {
        PrepManifest.Vocab vocab = new PrepManifest.Vocab(type, joint,
                vocabulary(out, TextPrepJob.VOCAB_SRC, learned.src()),
                vocabulary(out, TextPrepJob.VOCAB_TGT, learned.tgt()));
        PrepManifest.Bpe bpe = null;
        if (learned.srcBpe() != null) {
            PrepManifest.Artifact src = codes(out, joint ? TextPrepJob.BPE_JOINT : TextPrepJob.BPE_SRC, learned.srcBpe());
            PrepManifest.Artifact tgt = joint ? src : codes(out, TextPrepJob.BPE_TGT, learned.tgtBpe());
            bpe = new PrepManifest.Bpe(joint, src, tgt);
        }
        return new ArtifactFiles(vocab, bpe);
    }

    private static PrepManifest.Artifact vocabulary(AtomicOutput out, String file, Vocabulary v) {
        try (OutputStream o = out.fileSystem().create(out.path(file), false)) {
            v.write(o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.path(file), e);
        }
        return new PrepManifest.Artifact(file, v.size(), v.sha256());
    }

    private static PrepManifest.Artifact codes(AtomicOutput out, String file, BpeCodes codes) {
        try (OutputStream o = out.fileSystem().create(out.path(file), false)) {
            codes.write(o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.path(file), e);
        }
        return new PrepManifest.Artifact(file, codes.size(), codes.sha256());
    }
}
