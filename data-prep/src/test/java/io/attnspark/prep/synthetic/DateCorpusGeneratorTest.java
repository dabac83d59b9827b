package io.attnspark.prep.synthetic;

import io.attnspark.prep.synthetic.DateCorpusGenerator.Corpus;
import io.attnspark.prep.synthetic.DateCorpusGenerator.DatePair;
import io.attnspark.prep.synthetic.DateCorpusGenerator.WeekdayStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DateCorpusGeneratorTest {
    private static final LocalDate MARCH_3_2019 = LocalDate.of(2019, 3, 3);

    @Test
    void rendersEveryFormatOfOneDate() {
        assertEquals("the 3rd of march 2019", DateFormat.THE_ORDINAL_OF_MONTH.render(MARCH_3_2019));
        assertEquals("the third of march , 2019", DateFormat.THE_ORDINAL_WORD_OF_MONTH.render(MARCH_3_2019));
        assertEquals("march 3 , 2019", DateFormat.MONTH_DAY_YEAR.render(MARCH_3_2019));
        assertEquals("march 3rd , 2019", DateFormat.MONTH_ORDINAL_YEAR.render(MARCH_3_2019));
        assertEquals("march the third , 2019", DateFormat.MONTH_THE_ORDINAL_WORD_YEAR.render(MARCH_3_2019));
        assertEquals("3 march 2019", DateFormat.DAY_MONTH_YEAR.render(MARCH_3_2019));
        assertEquals("3 mar 2019", DateFormat.DAY_ABBREVIATION_YEAR.render(MARCH_3_2019));
        assertEquals("mar 3 , 2019", DateFormat.ABBREVIATION_DAY_YEAR.render(MARCH_3_2019));
        assertEquals("03 / 03 / 2019", DateFormat.NUMERIC_SLASH.render(MARCH_3_2019));
        assertEquals("3 . 3 . 2019", DateFormat.NUMERIC_DOT.render(MARCH_3_2019));
        assertEquals("03 / 03 / 19", DateFormat.NUMERIC_SHORT_YEAR.render(MARCH_3_2019));
        // 2019-03-03 was a Sunday.
        assertEquals("sunday , march 3 , 2019",
                DateCorpusGenerator.source(MARCH_3_2019, DateFormat.MONTH_DAY_YEAR, WeekdayStyle.FULL_COMMA));
        assertEquals("sun , 3 mar 2019",
                DateCorpusGenerator.source(MARCH_3_2019, DateFormat.DAY_ABBREVIATION_YEAR, WeekdayStyle.ABBREVIATION_COMMA));
        assertEquals("2019 - 03 - 03", DateCorpusGenerator.target(MARCH_3_2019));
    }

    @Test
    void ordinals() {
        assertEquals("first", DateFormat.ordinalWords(1));
        assertEquals("twelfth", DateFormat.ordinalWords(12));
        assertEquals("twentieth", DateFormat.ordinalWords(20));
        assertEquals("twenty second", DateFormat.ordinalWords(22));
        assertEquals("thirtieth", DateFormat.ordinalWords(30));
        assertEquals("thirty first", DateFormat.ordinalWords(31));
        assertEquals(List.of("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"),
                List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31).stream().map(DateFormat::ordinalNumber).toList());
    }

    @Test
    void sameSeedSameCorpusOtherSeedOtherCorpus() {
        Corpus a = DateCorpusGenerator.generate(300, 20, 20, 7);
        Corpus b = DateCorpusGenerator.generate(300, 20, 20, 7);
        Corpus c = DateCorpusGenerator.generate(300, 20, 20, 8);
        assertEquals(a, b);
        assertNotEquals(a.train(), c.train());
        assertEquals(300, a.train().size());
        assertEquals(20, a.valid().size());
        assertEquals(20, a.test().size());
    }

    @Test
    void heldOutDatesNeverAppearInTrain() {
        Corpus corpus = DateCorpusGenerator.generate(20000, 500, 500, 42);
        Set<LocalDate> train = dates(corpus.train());
        Set<LocalDate> valid = dates(corpus.valid());
        Set<LocalDate> test = dates(corpus.test());
        assertEquals(500, valid.size(), "one date per valid pair");
        assertEquals(500, test.size(), "one date per test pair");
        for (LocalDate d : valid) {
            assertFalse(train.contains(d) || test.contains(d), "valid date " + d + " also elsewhere");
        }
        for (LocalDate d : test) {
            assertFalse(train.contains(d), "test date " + d + " also in train");
        }
        Set<String> trainSources = corpus.train().stream().map(DatePair::source).collect(Collectors.toSet());
        corpus.test().forEach(p -> assertFalse(trainSources.contains(p.source())));
    }

    @Test
    void everyFormatAndWeekdayStyleOccursAndTargetsAreCorrect() {
        Corpus corpus = DateCorpusGenerator.generate(2000, 100, 100, 1);
        Set<DateFormat> formats = EnumSet.noneOf(DateFormat.class);
        Set<WeekdayStyle> styles = EnumSet.noneOf(WeekdayStyle.class);
        Pattern target = Pattern.compile("\\d{4} - \\d{2} - \\d{2}");
        Pattern lowercaseTokens = Pattern.compile("[a-z0-9,./]+( [a-z0-9,./]+)*");
        for (DatePair p : corpus.train()) {
            formats.add(p.format());
            styles.add(p.weekday());
            assertTrue(target.matcher(p.target()).matches(), p.target());
            assertEquals(5, p.target().split(" ").length);
            assertEquals(p.date(), LocalDate.parse(p.target().replace(" ", "")));
            assertTrue(lowercaseTokens.matcher(p.source()).matches(), p.source());
            assertTrue(p.date().getYear() >= 1950 && p.date().getYear() <= 2049, p.date().toString());
            if (p.weekday() != WeekdayStyle.NONE) {
                String written = p.source().split(" ")[0];
                String actual = DateCorpusGenerator.WEEKDAYS[p.date().getDayOfWeek().getValue() - 1];
                assertTrue(actual.startsWith(written), p.source() + " is a " + actual);
            }
        }
        assertEquals(EnumSet.allOf(DateFormat.class), formats);
        assertEquals(EnumSet.allOf(WeekdayStyle.class), styles);
    }

    @Test
    void writesSixLineAlignedFiles(@TempDir Path dir) throws Exception {
        DateCorpusGenerator.write(dir, 50, 5, 7, 3);
        Corpus corpus = DateCorpusGenerator.generate(50, 5, 7, 3);
        assertEquals(corpus.train().stream().map(DatePair::source).toList(), lines(dir.resolve("train.src")));
        assertEquals(corpus.train().stream().map(DatePair::target).toList(), lines(dir.resolve("train.tgt")));
        assertEquals(5, lines(dir.resolve("valid.tgt")).size());
        assertEquals(7, lines(dir.resolve("test.src")).size());
        assertTrue(Files.readString(dir.resolve("test.tgt"), StandardCharsets.UTF_8).endsWith("\n"));
    }

    @Test
    void refusesImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> DateCorpusGenerator.generate(1, 10000, 10000, 1));
        assertThrows(IllegalArgumentException.class, () -> DateCorpusGenerator.generate(-1, 1, 1, 1));
    }

    private static Set<LocalDate> dates(List<DatePair> pairs) {
        Set<LocalDate> out = new HashSet<>();
        pairs.forEach(p -> out.add(p.date()));
        return out;
    }

    private static List<String> lines(Path p) throws Exception {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }
}
