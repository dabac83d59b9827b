package io.attnspark.prep.output;

import io.attnspark.prep.PrepException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * An output directory written all at once: everything goes to a hidden sibling {@code .NAME.tmp-UUID}, and
 * {@link #commit()} renames it into place. An existing directory is refused unless {@code overwrite}; with
 * overwrite the old directory is moved aside only after the new one is complete, and deleted after the new one
 * is in place. {@link #close()} without a commit deletes the temporary directory, so a failure leaves nothing
 * half-written at the destination.
 *
 * <p>On HDFS and local file systems each rename is atomic. On object stores (s3a) a directory rename is a
 * copy, so readers may briefly see a partial directory there.
 */
public final class AtomicOutput implements AutoCloseable {
    private final FileSystem fs;
    private final Path target;
    private final Path tmp;
    private final boolean overwrite;
    private boolean committed;

    private AtomicOutput(FileSystem fs, Path target, Path tmp, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.tmp = tmp;
        this.overwrite = overwrite;
    }

    /**
     * Checks the destination and creates the temporary directory.
     *
     * @throws PrepException if {@code dir} exists and {@code overwrite} is false
     */
    public static AtomicOutput begin(Configuration conf, String dir, boolean overwrite) {
        try {
            Path target = new Path(dir);
            FileSystem fs = target.getFileSystem(conf);
            target = fs.makeQualified(target);
            if (!overwrite && fs.exists(target)) {
                throw new PrepException("output " + target + " exists; pass --overwrite to replace it");
            }
            Path parent = target.getParent();
            if (parent == null) {
                throw new PrepException("output " + target + " has no parent directory");
            }
            Path tmp = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
            if (!fs.mkdirs(tmp)) {
                throw new PrepException("cannot create " + tmp);
            }
            return new AtomicOutput(fs, target, tmp, overwrite);
        } catch (IOException e) {
            throw new PrepException("cannot prepare output " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    /** Where to write now: {@code child} inside the temporary directory. */
    public Path path(String child) {
        return new Path(tmp, child);
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** Moves the finished temporary directory into place, replacing an old one only if allowed. */
    public void commit() {
        try {
            Path old = null;
            if (fs.exists(target)) {
                if (!overwrite) {
                    throw new PrepException("output " + target + " appeared while preparing; not replacing it without --overwrite");
                }
                old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
                rename(target, old);
            }
            try {
                rename(tmp, target);
            } catch (RuntimeException e) {
                if (old != null) {
                    rename(old, target);
                }
                throw e;
            }
            committed = true;
            if (old != null && !fs.delete(old, true)) {
                throw new PrepException("new output is in place at " + target + " but the old one could not be deleted from " + old);
            }
        } catch (IOException e) {
            throw new PrepException("cannot move the output into place at " + target + ": " + e.getMessage(), e);
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new PrepException("cannot rename " + from + " to " + to);
        }
    }

    /** Deletes the temporary directory unless committed. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            fs.delete(tmp, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary output " + tmp, e);
        }
    }
}
