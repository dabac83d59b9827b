package io.attnspark.prep.synthetic;

import java.time.LocalDate;

/**
 * The human ways {@link DateCorpusGenerator} writes a date: lowercase English, tokens separated by single
 * spaces, punctuation as tokens of its own. Numeric forms follow one fixed convention (day before month;
 * two-digit years 50-99 are 19xx, 00-49 are 20xx), so every source maps to exactly one date.
 */
public enum DateFormat {
    /** "the 3rd of march 2019" */
    THE_ORDINAL_OF_MONTH,
    /** "the third of march , 2019" */
    THE_ORDINAL_WORD_OF_MONTH,
    /** "march 3 , 2019" */
    MONTH_DAY_YEAR,
    /** "march 3rd , 2019" */
    MONTH_ORDINAL_YEAR,
    /** "march the third , 2019" */
    MONTH_THE_ORDINAL_WORD_YEAR,
    /** "3 march 2019" */
    DAY_MONTH_YEAR,
    /** "3 mar 2019" */
    DAY_ABBREVIATION_YEAR,
    /** "mar 3 , 2019" */
    ABBREVIATION_DAY_YEAR,
    /** "03 / 03 / 2019" (day / month / year) */
    NUMERIC_SLASH,
    /** "3 . 3 . 2019" (day . month . year) */
    NUMERIC_DOT,
    /** "03 / 03 / 19" (day / month / two-digit year) */
    NUMERIC_SHORT_YEAR;

    static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    static final String[] MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
        "sep", "oct", "nov", "dec"};
    private static final String[] ORDINAL_UNITS = {"", "first", "second", "third", "fourth", "fifth", "sixth",
        "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
        "sixteenth", "seventeenth", "eighteenth", "nineteenth"};

    /** The date in this format, without any weekday. */
    public String render(LocalDate date) {
        int d = date.getDayOfMonth();
        int m = date.getMonthValue();
        int y = date.getYear();
        String month = MONTHS[m - 1];
        String abbreviation = MONTH_ABBREVIATIONS[m - 1];
        return switch (this) {
            case THE_ORDINAL_OF_MONTH -> "the " + ordinalNumber(d) + " of " + month + " " + y;
            case THE_ORDINAL_WORD_OF_MONTH -> "the " + ordinalWords(d) + " of " + month + " , " + y;
            case MONTH_DAY_YEAR -> month + " " + d + " , " + y;
            case MONTH_ORDINAL_YEAR -> month + " " + ordinalNumber(d) + " , " + y;
            case MONTH_THE_ORDINAL_WORD_YEAR -> month + " the " + ordinalWords(d) + " , " + y;
            case DAY_MONTH_YEAR -> d + " " + month + " " + y;
            case DAY_ABBREVIATION_YEAR -> d + " " + abbreviation + " " + y;
            case ABBREVIATION_DAY_YEAR -> abbreviation + " " + d + " , " + y;
            case NUMERIC_SLASH -> twoDigits(d) + " / " + twoDigits(m) + " / " + y;
            case NUMERIC_DOT -> d + " . " + m + " . " + y;
            case NUMERIC_SHORT_YEAR -> twoDigits(d) + " / " + twoDigits(m) + " / " + twoDigits(y % 100);
        };
    }

    /** "first" .. "thirty first" for 1..31. */
    static String ordinalWords(int day) {
        if (day < 1 || day > 31) {
            throw new IllegalArgumentException("day " + day + " is outside [1, 31]");
        }
        if (day < 20) {
            return ORDINAL_UNITS[day];
        }
        String tens = day < 30 ? "twent" : "thirt";
        int unit = day % 10;
        return unit == 0 ? tens + "ieth" : tens + "y " + ORDINAL_UNITS[unit];
    }

    /** "1st", "2nd", "3rd", "4th", "11th", "21st" .. */
    static String ordinalNumber(int day) {
        int lastTwo = day % 100;
        String suffix;
        if (lastTwo >= 11 && lastTwo <= 13) {
            suffix = "th";
        } else {
            suffix = switch (day % 10) {
                case 1 -> "st";
                case 2 -> "nd";
                case 3 -> "rd";
                default -> "th";
            };
        }
        return day + suffix;
    }

    static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
