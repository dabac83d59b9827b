package io.attnspark.prep.captions;

/**
 * Checks an image name from a caption file or split list before it is joined to the image directory: it must
 * be a plain relative path that stays inside that directory. Refused: empty names, absolute paths
 * ({@code /etc/x.jpg}, {@code \x.jpg}), anything with a {@code :} (a URI scheme such as {@code file:} or
 * {@code hdfs:}, or a drive letter), control characters, and {@code ..}, {@code .} or empty path segments
 * (so {@code ../x.jpg} and {@code a/../../x.jpg} are refused, and each image has one spelling). Both {@code /}
 * and {@code \} separate segments. Symbolic links inside the directory are not followed here.
 */
final class ImageName {
    private ImageName() {
    }

    /** Why {@code name} is refused, or {@code null} if it is a safe relative path. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.charAt(0) == '/' || name.charAt(0) == '\\') {
            return "absolute path";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':') {
                return "a ':' (URI scheme or drive letter)";
            }
            if (Character.isISOControl(c)) {
                return "a control character";
            }
        }
        for (String segment : name.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return "leaves the image directory (..)";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "an empty or '.' path segment";
            }
        }
        return null;
    }
}
