package io.attnspark.jobs.score;

import io.attnspark.jobs.cli.CommandFailure;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The images under a directory, on the driver (names only, no pixels): every file at any depth whose name ends in
 * .jpg, .jpeg or .png (any case), except hidden ones (names starting with . or _), as paths relative to the
 * directory with / separators, sorted (String order): the order of ids, results and --text-out lines.
 */
final class ImageListing {
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png");

    private ImageListing() {
    }

    /** The sorted relative paths; fails in one line if {@code dir} is not a directory or holds no image. */
    static List<String> list(Path dir, Configuration hadoop) throws IOException {
        FileSystem fs = dir.getFileSystem(hadoop);
        FileStatus status = fs.getFileStatus(dir);
        if (!status.isDirectory()) {
            throw new CommandFailure("--mode caption reads a directory of images (JPEG, PNG), not the file " + dir);
        }
        String root = fs.makeQualified(dir).toUri().getPath();
        root = root.endsWith("/") ? root : root + "/";
        List<String> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
        while (files.hasNext()) {
            Path p = files.next().getPath();
            String full = p.toUri().getPath();
            if (!full.startsWith(root)) {
                throw new IOException("listed " + p + " outside " + dir);
            }
            String rel = full.substring(root.length());
            if (isImage(rel)) {
                out.add(rel);
            }
        }
        if (out.isEmpty()) {
            throw new CommandFailure("no images (.jpg, .jpeg, .png) under " + dir);
        }
        out.sort(null);
        return out;
    }

    private static boolean isImage(String rel) {
        for (String part : rel.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return false;
            }
        }
        int dot = rel.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(rel.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
