package io.attnspark.metrics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Tokenizer13aTest {
    /** input | sacreBLEU 2.6.0 Tokenizer13a()(input); "\n" in the input stands for a line break. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Hello, world!|Hello , world !",
        "3.5 and 1,000 but 2019-2020 or x.y, a-b|3.5 and 1,000 but 2019 - 2020 or x . y , a-b",
        "`She said: \"I'll go\" (maybe).`|`She said : \" I'll go \" ( maybe ) .`",
        "A &amp; B &lt;t&gt; &quot;q&quot; &apos;|`A & B < t > \" q \" & apos ;`",
        "skip <skipped> hyph-\\nen end-|skip hyphen end-",
        "tabs\tand\u00a0nbsp  here|tabs and nbsp here",
        "Größe – 3,5 km… «ok»|Größe – 3,5 km… «ok»",
        "$5 #tag @user ~x [a] {b} ^c _d `e|$ 5 # tag @ user ~ x [ a ] { b } ^ c _ d ` e",
        "end.|end .",
        ".5 5. ,5 5,|. 5 5 . , 5 5 ,",
    })
    void tokenizesAsSacreBleu(String input, String expected) {
        String line = input.replace("\\n", "\n").replace("\\t", "\t").replace("\\u00a0", "\u00a0");
        assertEquals(expected.replace("\\n", "\n"), Tokenizer13a.tokenize(line));
    }
}
