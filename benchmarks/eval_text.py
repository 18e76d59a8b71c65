"""Evaluation of the text tools on real Vietnamese text (`python benchmarks/eval_text.py`).

Reads the corpora from ../shared/data (or $SATISFACTION_SHARED); they are never committed.
- Word segmentation on the UD Vietnamese-VTB test set: raw underthesea against the project's
  normaliser + tokenizer (pooled word F1, the project's scorer).
- UIT-ViSFD customer comments, stars 1-2 negative and 4-5 positive (3 left out): macro-F1 of the
  majority class, of the lexicon method (no training), and of the classifier trained on the train split,
  all scored on the test split.
"""

from __future__ import annotations

import pandas as pd

from satisfaction import config
from satisfaction.text import (
    SentimentClassifier,
    evaluate,
    lexicon_sentiment,
    normalise,
    read_conllu,
    segmentation_scores,
    tokenize,
)


def main() -> None:
    shared = config.shared_data_dir()
    sentences = read_conllu(shared / "ud_vi_vtb" / "vi_vtb-ud-test.conllu")
    texts = pd.Series([t for t, _ in sentences])
    gold = [w for _, w in sentences]
    raw = segmentation_scores(gold, tokenize(texts, progress=False).tolist())
    ours = segmentation_scores([[normalise(w) for w in ws] for ws in gold],
                               tokenize(texts.map(normalise), progress=False).tolist())
    print(f"UD VTB test ({raw['sentences']} sentences): underthesea F1 {raw['f1']}, project F1 {ours['f1']}")

    def split(name):
        df = pd.read_csv(shared / "uit_visfd" / f"{name}.csv")
        df = df[df["n_star"] != 3]
        return df["comment"], df["n_star"].map(lambda s: "negative" if s <= 2 else "positive").tolist()

    x_train, y_train = split("train")
    x_test, y_test = split("test")
    labels = ["negative", "positive"]
    rows = {
        "majority class": evaluate(y_test, ["positive"] * len(y_test), labels=labels),
        "lexicon (no training)": evaluate(y_test, lexicon_sentiment(x_test)["label"].tolist(), labels=labels),
        "classifier (trained on train)": evaluate(y_test, SentimentClassifier().fit(x_train, y_train)
                                                  .predict(x_test).tolist(), labels=labels),
    }
    print(f"UIT-ViSFD test ({len(y_test)} comments, {y_test.count('positive') / len(y_test):.0%} positive):")
    for name, r in rows.items():
        print(f"  {name:32s} macro-F1 {r['macro_f1']:.3f}  accuracy {r['accuracy']:.3f}")


if __name__ == "__main__":
    main()
