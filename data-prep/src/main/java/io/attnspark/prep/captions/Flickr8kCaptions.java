package io.attnspark.prep.captions;

/**
 * Reads Flickr8k / Flickr30k token files: one caption a line, {@code IMAGE#N<TAB>caption}. The image is the
 * text before the first tab without its {@code #N} caption number (a name without {@code #N} is taken whole);
 * the caption is everything after the first tab. A line without a tab (a blank line included) or without an
 * image name is malformed. Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}.
 */
final class Flickr8kCaptions {
    private Flickr8kCaptions() {
    }

    static ParsedCaptions parse(String text, int maxListed) {
        ParsedCaptions parsed = new ParsedCaptions(maxListed);
        long number = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            number++;
            int tab = line.indexOf('\t');
            if (tab < 0) {
                parsed.malformed("line " + number + ": " + (line.isBlank() ? "blank line" : "no tab"));
                continue;
            }
            String image = imageOf(line.substring(0, tab).strip());
            if (image.isEmpty()) {
                parsed.malformed("line " + number + ": no image name before the tab");
                continue;
            }
            parsed.add(image, line.substring(tab + 1), "line " + number);
        }
        return parsed;
    }

    /** {@code 1000268201_693b08cb0e.jpg#0} -> {@code 1000268201_693b08cb0e.jpg}. */
    static String imageOf(String id) {
        int hash = id.lastIndexOf('#');
        if (hash <= 0 || hash == id.length() - 1) {
            return id;
        }
        for (int i = hash + 1; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return id;
            }
        }
        return id.substring(0, hash);
    }
}
