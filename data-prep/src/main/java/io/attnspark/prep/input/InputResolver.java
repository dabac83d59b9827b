package io.attnspark.prep.input;

import io.attnspark.prep.PrepException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * Finds input files on any Hadoop file system. Parallel inputs follow fairseq's convention: {@code PREFIX.<lang>}
 * or its gzip form {@code PREFIX.<lang>.gz} (exactly one of the two must exist).
 */
public final class InputResolver {
    private final Configuration conf;

    public InputResolver(Configuration conf) {
        this.conf = conf;
    }

    /** The file holding language {@code lang} of the parallel corpus {@code prefix}. */
    public InputFile parallelSide(String prefix, String lang) {
        String plain = prefix + "." + lang;
        String gz = plain + ".gz";
        FileStatus plainStatus = status(plain);
        FileStatus gzStatus = status(gz);
        if (plainStatus != null && gzStatus != null) {
            throw new PrepException("both " + plain + " and " + gz + " exist; remove one so the input is unambiguous");
        }
        if (plainStatus == null && gzStatus == null) {
            throw new PrepException("input not found: neither " + plain + " nor " + gz + " exists");
        }
        return checked(plainStatus != null ? plainStatus : gzStatus);
    }

    /** A single file named exactly (a TSV input). */
    public InputFile file(String path) {
        FileStatus status = status(path);
        if (status == null) {
            throw new PrepException("input not found: " + path);
        }
        return checked(status);
    }

    private InputFile checked(FileStatus status) {
        String path = status.getPath().toString();
        if (!status.isFile()) {
            throw new PrepException("input " + path + " is not a file");
        }
        if (status.getLen() == 0) {
            throw new PrepException("input " + path + " is empty");
        }
        return new InputFile(path, status.getLen());
    }

    private FileStatus status(String path) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(conf);
            return fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new PrepException("cannot look up input " + path + ": " + e.getMessage(), e);
        }
    }
}
