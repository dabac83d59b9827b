package io.attnspark.prep;

import io.attnspark.prep.output.AtomicOutput;
import io.attnspark.prep.output.PrepManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Reads and writes {@code manifest.json} on a Hadoop file system. */
final class ManifestIo {
    private ManifestIo() {
    }

    static void write(AtomicOutput out, PrepManifest manifest) {
        Path p = out.path(PrepManifest.FILE);
        try (OutputStream o = out.fileSystem().create(p, false)) {
            manifest.write(o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    /** @throws PrepException if the manifest is missing or not a manifest */
    static PrepManifest read(Configuration conf, String dir) {
        Path p = new Path(dir, PrepManifest.FILE);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return PrepManifest.read(in);
        } catch (FileNotFoundException e) {
            throw new PrepException(dir + " is not a prepared corpus: " + PrepManifest.FILE + " is missing", e);
        } catch (IOException e) {
            throw new PrepException("cannot read " + p + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
