"""Sentiment: the lexicon on hand-written examples; both methods on real comments (UIT-ViSFD)."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from satisfaction.text import SentimentClassifier, evaluate, lexicon_sentiment


@pytest.mark.parametrize("text, label", [
    ("Cán bộ rất nhiệt tình, thủ tục nhanh gọn", "positive"),
    ("không hài lòng", "negative"),
    ("ko hài lòng vì chờ lâu quá", "negative"),
    ("chưa nhiệt tình", "negative"),
    ("không chậm, khá nhanh", "positive"),
    ("thủ tục rườm rà, phải đi lại nhiều lần", "negative"),
    ("Không có ý kiến.", "neutral"),
    ("Phòng đẹp nhưng chờ lâu quá, hơi nóng", "negative"),
    ("Rất tốt 👍👍", "positive"),
    ("khong hai long", "negative"),
])
def test_lexicon_on_hand_written_examples(text, label):
    assert lexicon_sentiment(pd.Series([text]))["label"].iloc[0] == label


def test_classifier_round_trips_through_save_and_load(tmp_path):
    texts = ["rất tốt", "tốt lắm", "nhiệt tình", "tệ quá", "rất tệ", "chờ lâu"]
    labels = ["positive"] * 3 + ["negative"] * 3
    clf = SentimentClassifier().fit(texts, labels)
    clf.save(tmp_path / "model.pkl")
    again = SentimentClassifier.load(tmp_path / "model.pkl")
    assert again.predict(texts).tolist() == clf.predict(texts).tolist()
    with pytest.raises(NotFittedError):
        SentimentClassifier().predict(["x"])


def test_classifier_is_a_scikit_learn_estimator():
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score

    clf = SentimentClassifier(C=2.0, random_state=3)
    assert clone(clf).get_params() == {"C": 2.0, "random_state": 3}
    assert not hasattr(clf, "pipeline_")  # __init__ only stores parameters
    texts = ["rất tốt", "tốt lắm", "nhiệt tình", "vui vẻ", "tệ quá", "rất tệ", "chờ lâu", "thờ ơ"]
    labels = ["positive"] * 4 + ["negative"] * 4
    scores = cross_val_score(SentimentClassifier(), texts, labels, cv=2)
    assert len(scores) == 2
    fitted = SentimentClassifier().fit(texts, labels)
    proba = fitted.predict_proba(["rất tốt"])
    assert fitted.classes_.tolist() == ["negative", "positive"] and proba[0].argmax() == 1


def _uit(shared_data, split):
    df = pd.read_csv(shared_data / "uit_visfd" / f"{split}.csv")
    df = df[df["n_star"] != 3]
    return df["comment"], df["n_star"].map(lambda s: "negative" if s <= 2 else "positive")


def test_on_real_customer_comments(shared_data):
    """UIT-ViSFD, stars 1-2 negative and 4-5 positive: both methods well above the majority class.

    The lexicon is one of service feedback, without product-review words ("pin trâu", "lag"): on phone
    reviews it reaches 0.78 (0.81 with them), a cross-domain figure (benchmarks/eval_lexicon.py).
    """
    text, truth = _uit(shared_data, "test")
    labels = ["negative", "positive"]
    majority = evaluate(truth.tolist(), ["positive"] * len(truth), labels=labels)["macro_f1"]
    lexicon = evaluate(truth.tolist(), lexicon_sentiment(text)["label"].tolist(), labels=labels)["macro_f1"]
    train_text, train_truth = _uit(shared_data, "train")
    clf = SentimentClassifier().fit(train_text, train_truth)
    trained = evaluate(truth.tolist(), clf.predict(text).tolist(), labels=labels)["macro_f1"]
    assert majority < 0.45
    assert lexicon >= 0.76
    assert trained >= 0.88
