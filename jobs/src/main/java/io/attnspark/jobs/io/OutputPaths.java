package io.attnspark.jobs.io;

import io.attnspark.jobs.cli.CommandFailure;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Output and input locations of the commands, on any Hadoop filesystem ({@code file:}, {@code hdfs:},
 * or a plain local path). Writers refuse an existing output unless told to overwrite.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Makes {@code uri} ready to be written: if it exists, fails unless {@code overwrite}, in which case it
     * is deleted (recursively). Its parent directory is created. On return the path does not exist, so a
     * Spark writer in its default mode (error if exists) can create it.
     *
     * @return the fully qualified path
     * @throws CommandFailure if the path exists and {@code overwrite} is false, or if deleting it would
     *                        delete the current directory, one of its parents or the home directory
     */
    public static Path prepare(String uri, boolean overwrite) {
        return prepare(uri, overwrite, new Configuration());
    }

    public static Path prepare(String uri, boolean overwrite, Configuration hadoop) {
        Path path = qualified(uri, hadoop);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (fs.exists(path)) {
                if (!overwrite) {
                    throw new CommandFailure("output " + uri + " exists (use --overwrite to replace it)");
                }
                refuseDangerousDelete(uri, path);
                if (!fs.delete(path, true)) {
                    throw new CommandFailure("cannot delete existing output " + uri);
                }
            }
            Path parent = path.getParent();
            if (parent != null && !fs.exists(parent) && !fs.mkdirs(parent)) {
                throw new CommandFailure("cannot create directory " + parent);
            }
            return path;
        } catch (IOException e) {
            throw new CommandFailure("cannot prepare output " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Fails with "{@code what} uri does not exist" unless the path exists; returns it qualified. */
    public static Path requireExisting(String uri, String what) {
        Configuration hadoop = new Configuration();
        Path path = qualified(uri, hadoop);
        if (!exists(path, hadoop)) {
            throw new CommandFailure(what + " " + uri + " does not exist");
        }
        return path;
    }

    public static boolean exists(String uri) {
        Configuration hadoop = new Configuration();
        return exists(qualified(uri, hadoop), hadoop);
    }

    /**
     * Writes {@code text} (UTF-8) to {@code dir/name}, creating {@code dir}; replaces an existing file.
     * {@code dir} should be qualified (as {@link #prepare} returns it).
     */
    public static Path writeText(Path dir, String name, String text) {
        Configuration hadoop = new Configuration();
        Path file = new Path(dir, name);
        try {
            if ("file".equals(file.toUri().getScheme())) {
                // Plain local write: Hadoop's LocalFileSystem would add a .crc file beside it.
                java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
                Files.createDirectories(local.getParent());
                Files.writeString(local, text, StandardCharsets.UTF_8);
                return file;
            }
            FileSystem fs = file.getFileSystem(hadoop);
            fs.mkdirs(dir);
            try (FSDataOutputStream out = fs.create(file, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Path path, Configuration hadoop) {
        try {
            return path.getFileSystem(hadoop).exists(path);
        } catch (IOException e) {
            throw new CommandFailure("cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code uri} fully qualified (scheme and authority of its file system). */
    public static Path qualified(String uri) {
        return qualified(uri, new Configuration());
    }

    static Path qualified(String uri, Configuration hadoop) {
        if (uri == null || uri.isBlank()) {
            throw new CommandFailure("empty path");
        }
        Path path = new Path(uri);
        try {
            return path.getFileSystem(hadoop).makeQualified(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("bad path " + uri + ": " + e.getMessage(), e);
        }
    }

    /** --overwrite must never take the working directory, its parents or the home directory with it. */
    private static void refuseDangerousDelete(String uri, Path path) {
        URI u = path.toUri();
        if (!"file".equals(u.getScheme())) {
            if (path.isRoot()) {
                throw new CommandFailure("refusing to delete the root of " + u + " with --overwrite");
            }
            return;
        }
        try {
            String target = new File(u.getPath()).getCanonicalPath();
            String cwd = new File(".").getCanonicalPath();
            String home = new File(System.getProperty("user.home")).getCanonicalPath();
            boolean ancestorOfCwd = (cwd + File.separator).startsWith(target.endsWith(File.separator) ? target : target + File.separator);
            if (ancestorOfCwd || target.equals(home) || path.isRoot()) {
                throw new CommandFailure("refusing to delete " + uri + " with --overwrite: it is the current directory,"
                        + " one of its parents or the home directory");
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot resolve " + uri + ": " + e.getMessage(), e);
        }
    }
}
