"""The sentiment lexicon and the aspect tagger on text nobody wrote for them (`python benchmarks/eval_lexicon.py`).

Reads the corpora from ../shared/data (or $SATISFACTION_SHARED); they are never committed.

1. Sentiment, negative against positive, macro-F1 over the two classes (a "neutral" answer counts as
   wrong for either):
   - UIT-ViSFD test split, stars 1-2 negative and 4-5 positive (3 left out): phone reviews, a domain the
     lexicon is not written for (it no longer holds product-review words);
   - tests/golden/service_sentences_labelled.csv: 114 evaluative sentences labelled by hand, 29 from
     the seeds' articles on public services (the text stored) and 85 from UD Vietnamese-VTB (only the
     file and line stored, the text read from ../shared: the treebank is CC BY-SA).
   BEFORE is the in-code lexicon of commit 930dad6, measured with the same code:
   UIT-ViSFD test 0.8149; hand-labelled 0.6075 (seeds 0.5152, VTB 0.6137), 43.9% of them "neutral".
2. Aspect tagging: precision, recall and F1 of ``tag_aspects`` against
   tests/golden/aspect_labels_visfd.csv (300 UIT-ViSFD train comments; ids and labels only), for the
   two aspects the sample can measure: staff (UIT's SER&ACC when it is about the people serving, not
   accessories) and fees (UIT's PRICE, and mentions of money). The keywords were developed on the
   ``dev`` half; the ``report`` half is the figure to quote. BEFORE (the keywords of commit 930dad6),
   report half: staff P 1.000 R 0.839 F1 0.913; fees P 0.733 R 0.164 F1 0.268.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from satisfaction import config
from satisfaction.text import evaluate, lexicon_sentiment, tag_aspects

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden"
LABELS = ["negative", "positive"]


def golden_sentences(shared: Path) -> pd.DataFrame:
    """The hand-labelled sentences with their text (treebank sentences read from ``shared``)."""
    rows = []
    with (GOLDEN / "service_sentences_labelled.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row["sentence"]
            if not text:
                name, line = row["source"].rsplit(":", 1)
                text = (shared / name).read_text(encoding="utf-8").split("\n")[int(line) - 1].split("=", 1)[1]
            rows.append({"text": text.strip(), "label": row["label"], "source": row["source"].split("/")[0]})
    return pd.DataFrame(rows)


def macro_f1(truth, texts) -> tuple[float, float]:
    predicted = lexicon_sentiment(pd.Series(list(texts)))["label"]
    return evaluate(list(truth), predicted.tolist(), labels=LABELS)["macro_f1"], float((predicted == "neutral").mean())


def sentiment(shared: Path) -> None:
    test = pd.read_csv(shared / "uit_visfd" / "test.csv")
    test = test[test["n_star"] != 3]
    truth = test["n_star"].map(lambda s: "negative" if s <= 2 else "positive")
    f1, neutral = macro_f1(truth, test["comment"])
    print(f"UIT-ViSFD test ({len(test)} comments): lexicon macro-F1 {f1:.4f} (before 0.8149), neutral {neutral:.1%}")
    gold = golden_sentences(shared)
    f1, neutral = macro_f1(gold["label"], gold["text"])
    print(f"hand-labelled sentences ({len(gold)}): macro-F1 {f1:.4f} (before 0.6075), neutral {neutral:.1%}")
    for source, before in (("seeds", 0.5152), ("ud_vi_vtb", 0.6137)):
        part = gold[gold["source"] == source]
        f1, neutral = macro_f1(part["label"], part["text"])
        print(f"  {source} ({len(part)}): macro-F1 {f1:.4f} (before {before:.4f}), neutral {neutral:.1%}")


def aspects(shared: Path) -> pd.DataFrame:
    labels = pd.read_csv(GOLDEN / "aspect_labels_visfd.csv")
    comments = pd.read_csv(shared / "uit_visfd" / "train.csv").set_index("id")["comment"]
    rows = []
    for half, part in labels.groupby("half"):
        tags = tag_aspects(pd.Series(comments.loc[part["id"]].to_numpy(), index=part["id"].to_numpy()))
        for aspect in ("staff", "fees"):
            truth, found = part[aspect].to_numpy() == 1, tags[aspect].to_numpy()
            tp = int((truth & found).sum())
            precision, recall = tp / max(found.sum(), 1), tp / max(truth.sum(), 1)
            rows.append({"half": half, "aspect": aspect, "n": len(part), "true": int(truth.sum()),
                         "tagged": int(found.sum()), "precision": round(precision, 3), "recall": round(recall, 3),
                         "f1": round(2 * precision * recall / max(precision + recall, 1e-12), 3)})
    return pd.DataFrame(rows)


def main() -> None:
    shared = config.shared_data_dir()
    sentiment(shared)
    print("aspect tagger on UIT-ViSFD comments (develop on 'dev', quote 'report'):")
    print(aspects(shared).to_string(index=False))


if __name__ == "__main__":
    main()
