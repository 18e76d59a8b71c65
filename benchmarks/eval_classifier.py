"""The trainable sentiment classifiers on real comments, and weak supervision on the simulated survey.

`python benchmarks/eval_classifier.py` (about 5 minutes on 2 cores). Reads UIT-ViSFD from ../shared/data
(or $SATISFACTION_SHARED); it is never committed. Every model is trained on the train split and scored on
the test split (the hyper-parameters were chosen on the dev split). Three classes: stars 1-2 negative,
3 neutral, 4-5 positive; binary: negative against positive, 3 left out. Then the classifier is trained on
the simulated survey's comments with labels from the overall score (``train_on_survey``, GroupKFold by
``psu_code``), and its out-of-fold labels are set against the score labels and the lexicon's.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd
from sklearn.metrics import f1_score

from satisfaction import config
from satisfaction.ingest import clean_folder
from satisfaction.text import SentimentClassifier
from satisfaction.text.classifier import FeedbackClassifier, train_on_survey


def _split(shared: Path, name: str) -> pd.DataFrame:
    df = pd.read_csv(shared / "uit_visfd" / f"{name}.csv")
    df["label3"] = pd.cut(df["n_star"], [0, 2, 3, 5], labels=["negative", "neutral", "positive"]).astype(str)
    return df


def main() -> None:
    shared = config.shared_data_dir()
    train, test = _split(shared, "train"), _split(shared, "test")
    binary_train, binary_test = train[train["n_star"] != 3], test[test["n_star"] != 3]
    models = {
        "current SentimentClassifier": SentimentClassifier,
        "FeedbackClassifier tfidf (default)": lambda: FeedbackClassifier(method="tfidf"),
        "FeedbackClassifier nblr": lambda: FeedbackClassifier(method="nblr"),
        "FeedbackClassifier ensemble w=0.2": lambda: FeedbackClassifier(method="ensemble", weight=0.2),
        "FeedbackClassifier ensemble w=0.5": lambda: FeedbackClassifier(method="ensemble", weight=0.5),
    }
    rows = [{"model": "majority class",
             "weighted_f1_3": f1_score(test["label3"], ["positive"] * len(test), average="weighted"),
             "macro_f1_3": f1_score(test["label3"], ["positive"] * len(test), average="macro"),
             "macro_f1_2": f1_score(binary_test["label3"], ["positive"] * len(binary_test), average="macro"),
             "f1_neutral": 0.0, "fit_s_3": 0.0, "fit_s_2": 0.0}]
    for name, make in models.items():
        start = time.perf_counter()
        three = make().fit(train["comment"], train["label3"])
        fit3 = time.perf_counter() - start
        start = time.perf_counter()
        two = make().fit(binary_train["comment"], binary_train["label3"])
        fit2 = time.perf_counter() - start
        p3, p2 = three.predict(test["comment"]), two.predict(binary_test["comment"])
        rows.append({"model": name, "weighted_f1_3": f1_score(test["label3"], p3, average="weighted"),
                     "macro_f1_3": f1_score(test["label3"], p3, average="macro"),
                     "macro_f1_2": f1_score(binary_test["label3"], p2, average="macro"),
                     "f1_neutral": f1_score(test["label3"], p3, labels=["neutral"], average="macro"),
                     "fit_s_3": fit3, "fit_s_2": fit2})
        print(pd.DataFrame(rows[-1:]).round(4).to_string(index=False, header=False), flush=True)
    print(f"\nUIT-ViSFD test: {len(test)} comments (3 classes), {len(binary_test)} without 3 stars; "
          f"train {len(train)}")
    print(pd.DataFrame(rows).round(4).to_string(index=False))

    with tempfile.TemporaryDirectory() as out:
        results = clean_folder(config.raw_dir(), Path(out))
    survey = pd.concat([r.data for name, r in results.items() if name.startswith("khao_sat_")], ignore_index=True)
    survey = survey[survey["comment"].notna()]
    start = time.perf_counter()
    result = train_on_survey(survey["comment"], survey["q_overall"], survey["psu_code"], folds=5, seed=0)
    took = time.perf_counter() - start
    labels = result.oof["label"].value_counts().to_dict()
    print(f"\nSimulated survey, all waves: {len(result.oof)} labelled comments {labels}, "
          f"{result.oof['group'].nunique()} PSUs, 5 group folds + final fit in {took:.1f} s")
    print(result.table.round(4).to_string(index=False))


if __name__ == "__main__":
    main()
