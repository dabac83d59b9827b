"""Expected BLEU/chrF figures for BleuScoreTest and ChrfScoreTest, computed with the real sacreBLEU.

Not part of the build; rerun by hand when a case is added:
    python3 make_fixtures.py > fixtures.json
Produced with sacreBLEU 2.6.0 (default corpus_bleu / corpus_chrf / sentence_bleu / sentence_chrf).
"""
import json

import sacrebleu

CASES = {
    # A dozen sentences with punctuation, numbers, quotes, contractions; two references; one empty hypothesis.
    "mixed": (
        [
            "The cat sat on the mat.",
            "A man is riding a bicycle down the street, quickly!",
            "Two dogs play in the snow; one is brown.",
            "She said: \"I'll be there at 3.5 o'clock.\"",
            "",
            "The price rose by 1,000 dollars in 2019-2020.",
            "Children are playing soccer (football) in the park",
            "It's a rainy day - take an umbrella...",
            "The quick brown fox jumps over the lazy dog",
            "Is this the right way to the station?",
            "He bought 12 eggs, 2 loaves of bread and milk.",
            "A woman in a red dress dances on stage.",
        ],
        [
            [
                "The cat sat on the mat.",
                "A man rides a bike down the street quickly!",
                "Two dogs are playing in the snow; one of them is brown.",
                "She said: \"I will be there at 3.5 o'clock.\"",
                "Nothing was said.",
                "The price increased by 1,000 dollars in 2019-2020.",
                "Kids play football in the park.",
                "It is a rainy day - bring an umbrella.",
                "A quick brown fox jumped over the lazy dog.",
                "Is this the way to the station?",
                "He bought 12 eggs, two loaves of bread and some milk.",
                "A woman wearing a red dress is dancing on the stage.",
            ],
            [
                "There is a cat on the mat.",
                "A man is cycling along the street fast.",
                "Two dogs play in the snow, one is brown.",
                "\"I'll be there at 3.5,\" she said.",
                "No words.",
                "Prices went up by 1,000 dollars during 2019-2020.",
                "Children are playing soccer in a park.",
                "It's raining - take an umbrella!",
                "The quick brown fox jumps over the lazy dog.",
                "Is this the correct way to the station?",
                "He purchased 12 eggs, 2 loaves of bread, and milk.",
                "A lady in a red dress dances on a stage.",
            ],
        ],
    ),
    "perfect": (
        ["A dog runs on the beach.", "Three people, 2 cars and 1,000 birds!", "Ein Mädchen spielt im Garten."],
        [["A dog runs on the beach.", "Three people, 2 cars and 1,000 birds!", "Ein Mädchen spielt im Garten."]],
    ),
    "no-match": (
        ["alpha beta gamma delta", "epsilon zeta eta", "theta"],
        [["one two three four five", "six seven eight", "nine ten"]],
    ),
    # Fewer than four tokens per hypothesis: no 4-grams at all.
    "short": (
        ["A dog.", "Hi", "Yes!"],
        [["A dog runs.", "Hi there", "Yes!"], ["The dog.", "Hello", "No!"]],
    ),
    "all-empty": (
        ["", ""],
        [["A reference sentence.", "Another one here."]],
    ),
    # Three reference streams; None where a sentence has fewer references (as sacreBLEU allows).
    "variable-refs": (
        ["A man walks his dog in the park.", "The children eat ice cream.", "Rain falls on the city at night."],
        [
            ["A man walks a dog in a park.", "Children are eating ice cream.", "It rains over the city at night."],
            ["A man is walking his dog.", None, "Rain is falling on the town at night."],
            [None, "The kids eat some ice cream.", None],
        ],
    ),
    # Image-captioning style: five references per image.
    "captions-5-refs": (
        ["a dog is running through the grass", "two people are sitting on a bench", "a child plays with a red ball"],
        [
            ["a brown dog runs through the grass", "two people sit on a bench", "a little girl plays with a red ball"],
            ["a dog running in a field", "a couple sitting on a park bench", "a child playing with a ball"],
            ["the dog is running on green grass", "two persons are sitting on a wooden bench", "a kid is playing with a red ball"],
            ["a dog runs across a lawn", "a man and a woman sit on a bench", "a young child plays with a ball outside"],
            ["a black and white dog is running", "people are sitting on a bench in the park", "a child with a red ball"],
        ],
    ),
    # Accents, emoji, HTML entities, non-breaking and other Unicode spaces, '<skipped>', a line break after a hyphen.
    "unicode": (
        [
            "Größere Straßen führen über Brücken – 3,5 km!",
            "L'élève a mangé à midi 😀 (très bien).",
            "A &amp; B &lt;tag&gt; &quot;quoted&quot;",
            "non\u00a0breaking\u2009thin\u3000ideographic space",
            "a <skipped> line with a hyph-\nen",
        ],
        [
            [
                "Große Straßen führen über die Brücken – 3,5 km.",
                "L'élève a mangé à midi 😀 (très bien) !",
                "A & B <tag> \"quoted\"",
                "non breaking thin ideographic space",
                "a line with a hyphen",
            ]
        ],
    ),
}


def bleu_dict(b):
    return {
        "score": b.score,
        "precisions": list(b.precisions),
        "bp": b.bp,
        "ratio": b.ratio,
        "hyp_len": b.sys_len,
        "ref_len": b.ref_len,
        "format": str(b),
    }


def main():
    out = {"sacrebleu": sacrebleu.__version__, "cases": []}
    for name, (hyps, refs) in CASES.items():
        case = {"name": name, "hypotheses": hyps, "references": refs}
        case["bleu"] = bleu_dict(sacrebleu.corpus_bleu(hyps, refs))
        chrf = sacrebleu.corpus_chrf(hyps, refs)
        case["chrf"] = {"score": chrf.score, "format": str(chrf)}
        case["sentences"] = []
        for i, hyp in enumerate(hyps):
            sent_refs = [stream[i] for stream in refs if stream[i] is not None]
            case["sentences"].append({
                "bleu": sacrebleu.sentence_bleu(hyp, sent_refs).score,
                "chrf": sacrebleu.sentence_chrf(hyp, sent_refs).score,
            })
        out["cases"].append(case)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
