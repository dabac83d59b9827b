package io.attnspark.prep.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded, deterministic synthetic parallel corpus that needs attention and reordering: a date written in
 * one of many human forms ({@link DateFormat}, optionally preceded by its correct weekday) on the source side,
 * the same date as {@code "2019 - 03 - 03"} on the target side (five tokens, so BLEU's 13a tokenizer sees
 * year, dash, month, dash, day).
 *
 * <p>Dates run from 1950-01-01 to 2049-12-31. Valid and test are disjoint from train <em>by date value</em>:
 * every valid and every test pair has its own date, and train never sees that date in any form. Train pairs
 * draw their dates with replacement from the remaining dates, so train may repeat a pair.
 *
 * <p>The same seed and sizes give the same corpus on every JVM ({@link Random}'s algorithm is specified).
 */
public final class DateCorpusGenerator {
    public static final LocalDate FIRST_DATE = LocalDate.of(1950, 1, 1);
    public static final LocalDate LAST_DATE = LocalDate.of(2049, 12, 31);

    /** How the weekday precedes the date, if at all. */
    public enum WeekdayStyle {
        NONE(""), FULL_COMMA("tuesday , "), FULL("tuesday "), ABBREVIATION_COMMA("tue , ");

        private final String example;

        WeekdayStyle(String example) {
            this.example = example;
        }

        String prefix(DayOfWeek day) {
            String full = WEEKDAYS[day.getValue() - 1];
            return switch (this) {
                case NONE -> "";
                case FULL_COMMA -> full + " , ";
                case FULL -> full + " ";
                case ABBREVIATION_COMMA -> full.substring(0, 3) + " , ";
            };
        }

        /** The prefix for a Tuesday, for documentation. */
        public String example() {
            return example;
        }
    }

    /** One pair: the date, how it was written, and the two sides. */
    public record DatePair(LocalDate date, DateFormat format, WeekdayStyle weekday, String source, String target) {
    }

    /** The three splits. */
    public record Corpus(List<DatePair> train, List<DatePair> valid, List<DatePair> test) {
    }

    static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    private static final int DAYS = (int) (LAST_DATE.toEpochDay() - FIRST_DATE.toEpochDay() + 1);
    private static final int WEEKDAY_PERCENT = 40;

    private DateCorpusGenerator() {
    }

    /** The normalised target form: {@code "yyyy - mm - dd"}. */
    public static String target(LocalDate date) {
        return date.getYear() + " - " + DateFormat.twoDigits(date.getMonthValue()) + " - "
                + DateFormat.twoDigits(date.getDayOfMonth());
    }

    /** The source form of {@code date} in {@code format} with the weekday written as {@code weekday}. */
    public static String source(LocalDate date, DateFormat format, WeekdayStyle weekday) {
        return weekday.prefix(date.getDayOfWeek()) + format.render(date);
    }

    /**
     * The corpus in memory.
     *
     * @throws IllegalArgumentException if a size is negative or valid + test need more than half of the dates
     */
    public static Corpus generate(int train, int valid, int test, long seed) {
        if (train < 0 || valid < 0 || test < 0) {
            throw new IllegalArgumentException("sizes must be >= 0, got train=" + train + " valid=" + valid + " test=" + test);
        }
        if ((long) valid + test > DAYS / 2) {
            throw new IllegalArgumentException("valid + test = " + ((long) valid + test) + " pairs need their own dates; at most "
                    + DAYS / 2 + " of the " + DAYS + " dates may be held out");
        }
        List<Integer> days = new ArrayList<>(DAYS);
        for (int i = 0; i < DAYS; i++) {
            days.add(i);
        }
        Collections.shuffle(days, new Random(subSeed(seed, 0)));
        List<Integer> validDays = days.subList(0, valid);
        List<Integer> testDays = days.subList(valid, valid + test);
        List<Integer> trainDays = days.subList(valid + test, DAYS);

        List<DatePair> validPairs = eachOnce(validDays, new Random(subSeed(seed, 1)));
        List<DatePair> testPairs = eachOnce(testDays, new Random(subSeed(seed, 2)));
        Random trainRandom = new Random(subSeed(seed, 3));
        List<DatePair> trainPairs = new ArrayList<>(train);
        for (int i = 0; i < train; i++) {
            trainPairs.add(pair(trainDays.get(trainRandom.nextInt(trainDays.size())), trainRandom));
        }
        return new Corpus(List.copyOf(trainPairs), validPairs, testPairs);
    }

    /**
     * Writes {@code dir/{train,valid,test}.{src,tgt}}: UTF-8, one pair per line, {@code \n} line ends.
     * Creates {@code dir} if needed and replaces those six files if present.
     */
    public static void write(Path dir, int train, int valid, int test, long seed) throws IOException {
        Corpus corpus = generate(train, valid, test, seed);
        Files.createDirectories(dir);
        writeSplit(dir, "train", corpus.train());
        writeSplit(dir, "valid", corpus.valid());
        writeSplit(dir, "test", corpus.test());
    }

    private static void writeSplit(Path dir, String split, List<DatePair> pairs) throws IOException {
        try (BufferedWriter src = Files.newBufferedWriter(dir.resolve(split + ".src"), StandardCharsets.UTF_8);
             BufferedWriter tgt = Files.newBufferedWriter(dir.resolve(split + ".tgt"), StandardCharsets.UTF_8)) {
            for (DatePair p : pairs) {
                src.write(p.source());
                src.write('\n');
                tgt.write(p.target());
                tgt.write('\n');
            }
        }
    }

    private static List<DatePair> eachOnce(List<Integer> days, Random random) {
        List<DatePair> out = new ArrayList<>(days.size());
        for (int day : days) {
            out.add(pair(day, random));
        }
        return List.copyOf(out);
    }

    private static DatePair pair(int dayIndex, Random random) {
        LocalDate date = FIRST_DATE.plusDays(dayIndex);
        DateFormat[] formats = DateFormat.values();
        DateFormat format = formats[random.nextInt(formats.length)];
        WeekdayStyle weekday = WeekdayStyle.NONE;
        if (random.nextInt(100) < WEEKDAY_PERCENT) {
            WeekdayStyle[] styles = WeekdayStyle.values();
            weekday = styles[1 + random.nextInt(styles.length - 1)];
        }
        return new DatePair(date, format, weekday, source(date, format, weekday), target(date));
    }

    /** A seed for component {@code k} derived from {@code seed} (SplitMix64 finaliser). */
    static long subSeed(long seed, int k) {
        long z = seed + 0x9E3779B97F4A7C15L * (k + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
