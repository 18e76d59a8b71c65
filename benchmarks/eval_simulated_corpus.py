"""The simulated comment corpus, measured (`python benchmarks/eval_simulated_corpus.py`, offline).

Runs the simulator of the ``satisfaction`` package on the path (into a temporary folder, with the
committed seed) and records, for every comment of the four waves, its text, the polarity the
composer gave it and the respondent's overall score. Run it against an older checkout (its ``src`` on
``PYTHONPATH``) to measure that corpus with the same code. Prints:

- the number of comments and of distinct texts;
- word types: distinct lower-cased words of :func:`satisfaction.text.tokenize` (texts NFC-normalised
  first, so that decomposed Unicode is not counted twice), leaving out words without a letter
  (punctuation, numbers, emoji); also those found in at least two distinct comments (most typing
  errors are found once), and distinct syllables (whitespace split, lower case, letters only);
- words per comment (whitespace split): median, p10, p90, share of one or two words and of 60 or more;
  and, to compare, the same for the real phone reviews of UIT-ViSFD (../shared/data/uit_visfd, read
  only for this; skipped when absent);
- shares of comments with typing errors, without any diacritic, and with teencode (from the counts the
  simulator records), and the polarity counts;
- the lexicon's agreement (:func:`satisfaction.text.lexicon_sentiment`), negative against positive
  macro-F1 (a ``neutral`` answer counts as wrong), with the comment's true polarity and with the
  respondent's overall score (1-2 negative, 4-5 positive).

Figures of this change (issue #16, item 6), ``PYTHONPATH=src python benchmarks/eval_simulated_corpus.py``
before (the corpus of the phrase lists in code) and after (the phrase bank): see README.md.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata

import numpy as np
import pandas as pd

from satisfaction import config
from satisfaction import simulate as sim
from satisfaction.simulate import comments as composer
from satisfaction.text import evaluate, lexicon_sentiment, tokenize
from satisfaction.vietnamese import strip_diacritics

LABELS = ["negative", "positive"]


def simulated_corpus() -> pd.DataFrame:
    """Every simulated comment with its polarity, the respondent's overall score and wave."""
    rows, polarities = [], []
    compose, add = composer.compose_comment, sim.add_comments

    def recording_compose(*args, **kwargs):
        text, polarity = compose(*args, **kwargs)
        polarities.append(polarity)
        return text, polarity

    def recording_add(rng, survey, **kwargs):
        start = len(polarities)
        out, counts = add(rng, survey, **kwargs)
        has = out != ""
        rows.append(pd.DataFrame({"text": out[has].to_numpy(), "polarity": polarities[start:],
                                  "q_overall": survey.loc[has, "q_overall"].to_numpy()}))
        return out, counts

    composer.compose_comment, sim.add_comments = recording_compose, recording_add
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sim.simulate(tmp)
    finally:
        composer.compose_comment, sim.add_comments = compose, add
    return pd.concat(rows, ignore_index=True)


def lengths(texts: pd.Series) -> dict:
    n = texts.str.split().str.len()
    return {"median": float(n.median()), "p10": float(n.quantile(0.1)), "p90": float(n.quantile(0.9)),
            "max": int(n.max()), "1-2 words %": round(100 * float((n <= 2).mean()), 1),
            "60+ words %": round(100 * float((n >= 60).mean()), 1)}


def main() -> None:
    df = simulated_corpus()
    print(f"comments {len(df)}, distinct texts {df['text'].nunique()}")
    nfc = df["text"].map(lambda t: unicodedata.normalize("NFC", t))
    tokens = tokenize(nfc, workers=1, progress=False)
    counts: dict[str, int] = {}
    for words in tokens:
        for w in {w.lower() for w in words if any(c.isalpha() for c in w)}:
            counts[w] = counts.get(w, 0) + 1
    syllables = {s for t in nfc.str.lower() for s in t.split() if s.isalpha()}
    print(f"word types {len(counts)}, in two or more comments {sum(c >= 2 for c in counts.values())}, "
          f"distinct syllables {len(syllables)}")
    print("words per comment, simulated:", lengths(df["text"]))
    uit = config.shared_data_dir() / "uit_visfd" / "test.csv"
    if uit.is_file():
        print("words per comment, UIT-ViSFD test:", lengths(pd.read_csv(uit)["comment"].dropna().astype(str)))
    has_letters = nfc.str.contains(r"[^\W\d_]", regex=True)
    no_marks = has_letters & (nfc.map(strip_diacritics) == nfc)
    repeated = nfc.map(lambda t: re.search(r"([^\W\d_])\1\1", t) is not None)
    print(f"without any diacritic {100 * no_marks.mean():.1f}%, with a letter thrice in a row "
          f"{100 * repeated.mean():.1f}%")
    print("polarity", df["polarity"].value_counts().to_dict())
    lex = lexicon_sentiment(df["text"])["label"]
    true = df["polarity"].isin(LABELS)
    res = evaluate(df.loc[true, "polarity"], lex[true], labels=LABELS)
    print(f"lexicon vs true polarity (neg/pos, {int(true.sum())} comments): macro-F1 {res['macro_f1']:.3f}")
    score = df["q_overall"].map(lambda s: "negative" if s <= 2 else ("positive" if s >= 4 else None))
    scored = score.notna()
    res = evaluate(score[scored], lex[scored], labels=LABELS)
    print(f"lexicon vs overall score 1-2/4-5 ({int(scored.sum())} comments, "
          f"{int((score == 'negative').sum())} negative): macro-F1 {res['macro_f1']:.3f}")
    print("lexicon label by true polarity (%):")
    print((pd.crosstab(df["polarity"], lex, normalize="index") * 100).round(1).to_string())


def roughening_shares() -> None:
    """Shares of comments by roughening step, from the committed injected.json (when it is there)."""
    import json

    path = config.raw_dir() / "injected.json"
    if not path.is_file():
        return
    inj = json.loads(path.read_text(encoding="utf-8"))
    total, steps = 0, {}
    for name, entry in inj.items():
        if re.fullmatch(r"khao_sat_\d{4}\.xlsx", name):
            total += entry["comments"]["comments"]
            for k, v in entry["comments"]["roughening"].items():
                steps[k] = steps.get(k, 0) + v
    print(f"roughening steps in {path.parent.name}/injected.json, % of {total} comments:",
          {k: round(100 * v / total, 1) for k, v in sorted(steps.items())})


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
    roughening_shares()
