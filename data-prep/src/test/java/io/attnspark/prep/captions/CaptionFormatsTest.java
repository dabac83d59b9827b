package io.attnspark.prep.captions;

import io.attnspark.prep.PrepException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three caption formats, their detection, and what each counts as malformed. */
class CaptionFormatsTest {
    private static ParsedCaptions.Entry entry(String image, String caption, String where) {
        return new ParsedCaptions.Entry(image, caption, where);
    }

    @Test
    void flickr8kTokenLines() {
        ParsedCaptions p = Flickr8kCaptions.parse("a.jpg#0\tA dog .\r\na.jpg#1\tA dog, running\tfast\nno tab here\n"
                + "\n\tno image\nb.jpg\tplain name\nc#x.jpg#12\t\n", 2);
        assertEquals(List.of(entry("a.jpg", "A dog .", "line 1"), entry("a.jpg", "A dog, running\tfast", "line 2"),
                entry("b.jpg", "plain name", "line 6"), entry("c#x.jpg", "", "line 7")), p.entries());
        assertEquals(3, p.malformed());
        assertEquals(List.of("line 3: no tab", "line 4: blank line"), p.malformedExamples(), "at most max-listed examples");
        assertEquals(7, p.records());
        assertEquals("x.jpg#notanumber", Flickr8kCaptions.imageOf("x.jpg#notanumber"));
    }

    @Test
    void csvWithQuotedCommasQuotesAndLineBreaks() {
        String csv = "id,Image , \"caption\"\n"
                + "1,a.jpg,\"A dog, running\"\n"
                + "2,a.jpg,\"She said \"\"hi\"\"\"\r\n"
                + "3,b.jpg,\"two\nlines\"\n"
                + "4,c.jpg\n"
                + "\n"
                + "5,,no image\n"
                + "6,d.jpg,plain\n"
                + "7,e.jpg,\"never closed\n";
        ParsedCaptions p = CsvCaptions.parse(csv, "c.csv", 10);
        assertEquals(List.of(entry("a.jpg", "A dog, running", "line 2"), entry("a.jpg", "She said \"hi\"", "line 3"),
                entry("b.jpg", "two\nlines", "line 4"), entry("d.jpg", "plain", "line 9")), p.entries());
        assertEquals(List.of("line 6: 2 fields, the header has 3", "line 7: blank line", "line 8: no image name",
                "line 10: unterminated quote"), p.malformedExamples());
        assertEquals(8, p.records());
    }

    @Test
    void csvWithoutImageAndCaptionColumnsIsAnError() {
        PrepException e = assertThrows(PrepException.class, () -> CsvCaptions.parse("file,text\na,b\n", "c.csv", 5));
        assertEquals("c.csv: the header row must name an image and a caption column, found file,text", e.getMessage());
    }

    @Test
    void cocoImagesAndAnnotations() {
        String json = "{\"info\": {}, \"images\": [{\"id\": 7, \"file_name\": \"x.jpg\"}, {\"id\": 8, \"file_name\": \"y.jpg\"},"
                + " {\"id\": 9, \"file_name\": \"lonely.jpg\"}],"
                + " \"annotations\": [{\"image_id\": 8, \"id\": 1, \"caption\": \"A cat.\"}, {\"image_id\": 7, \"caption\": \"A dog\"},"
                + " {\"image_id\": 99, \"caption\": \"orphan\"}, {\"image_id\": 7}, {\"image_id\": 8, \"caption\": \"Again\"}]}";
        ParsedCaptions p = CocoCaptions.parse(json, "c.json", 5);
        assertEquals(List.of(entry("y.jpg", "A cat.", "annotation 1"), entry("x.jpg", "A dog", "annotation 2"),
                entry("y.jpg", "Again", "annotation 5")), p.entries());
        assertEquals(List.of("x.jpg", "y.jpg", "lonely.jpg"), p.declaredImages());
        assertEquals(List.of("annotation 3: image_id 99 is not among the images", "annotation 4: no caption string"),
                p.malformedExamples());
    }

    @Test
    void brokenCocoIsOneLineNamingTheFileAndLine() {
        PrepException e = assertThrows(PrepException.class, () -> CocoCaptions.parse("{\"images\": [\n{\"id\": 1,,}]}", "c.json", 5));
        assertTrue(e.getMessage().startsWith("c.json: not valid JSON at line 2 column "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        e = assertThrows(PrepException.class, () -> CocoCaptions.parse("{\"images\": []}", "c.json", 5));
        assertEquals("c.json: not COCO captions JSON (no 'annotations' array)", e.getMessage());
        e = assertThrows(PrepException.class, () -> CocoCaptions.parse(
                "{\"images\": [{\"id\": 1, \"file_name\": \"a\"}, {\"id\": 1, \"file_name\": \"b\"}], \"annotations\": []}", "c.json", 5));
        assertEquals("c.json: images[1] repeats id 1", e.getMessage());
    }

    @Test
    void formatFromConfigExtensionOrContent() {
        assertEquals(CaptionFormat.COCO, CaptionFormat.resolve("auto", "/d/captions_train2014.JSON", "x"));
        assertEquals(CaptionFormat.CSV, CaptionFormat.resolve("auto", "/d/c.csv", "x"));
        assertEquals(CaptionFormat.FLICKR8K, CaptionFormat.resolve("auto", "/d/Flickr8k.token.txt", "a.jpg#0\tA dog\n"));
        assertEquals(CaptionFormat.COCO, CaptionFormat.resolve("auto", "/d/c.txt", "\n  {\"images\": []}"));
        assertEquals(CaptionFormat.CSV, CaptionFormat.resolve("auto", "/d/c.txt", "\"image\",caption\na,b\n"));
        assertEquals(CaptionFormat.CSV, CaptionFormat.resolve("csv", "/d/c.txt", "a.jpg#0\tA dog\n"), "the configured format wins");
        PrepException e = assertThrows(PrepException.class, () -> CaptionFormat.resolve("auto", "/d/c.txt", "just words\n"));
        assertEquals("cannot tell the format of /d/c.txt: not COCO JSON, not IMAGE#N<TAB>caption lines, not a CSV with an"
                + " image,caption header; set captions.format (flickr8k, csv or coco)", e.getMessage());
    }

    @Test
    void imageNamesThatLeaveTheDirectoryAreRefused() {
        for (String ok : List.of("a.jpg", "sub/dir/a.jpg", "a b.jpg", "..a.jpg", "a..jpg", "x#1.png")) {
            assertEquals(null, ImageName.problem(ok), ok);
        }
        assertEquals("leaves the image directory (..)", ImageName.problem("../x.jpg"));
        assertEquals("leaves the image directory (..)", ImageName.problem("a/../../x.jpg"));
        assertEquals("leaves the image directory (..)", ImageName.problem("a\\..\\x.jpg"));
        assertEquals("absolute path", ImageName.problem("/etc/x.jpg"));
        assertEquals("absolute path", ImageName.problem("\\x.jpg"));
        assertEquals("a ':' (URI scheme or drive letter)", ImageName.problem("file:/etc/x.jpg"));
        assertEquals("a ':' (URI scheme or drive letter)", ImageName.problem("C:x.jpg"));
        assertEquals("an empty or '.' path segment", ImageName.problem("./x.jpg"));
        assertEquals("an empty or '.' path segment", ImageName.problem("a//x.jpg"));
        assertEquals("a control character", ImageName.problem("a\u0000.jpg"));
        assertEquals("empty name", ImageName.problem(""));
    }
}
