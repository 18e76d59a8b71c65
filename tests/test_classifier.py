"""The stronger classifier (NB-LR + TF-IDF logistic regression), weak labels and training on the survey."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from satisfaction.errors import SatisfactionError
from satisfaction.text.classifier import (
    AGREEMENT_COLUMNS,
    FeedbackClassifier,
    classify_texts,
    train_on_survey,
    weak_labels,
)
from satisfaction.text.sentiment import SentimentClassifier  # still importable from its old home

TEXTS = ["rất tốt", "tốt lắm", "nhiệt tình", "vui vẻ", "nhanh gọn", "tệ quá", "rất tệ", "chờ lâu", "thờ ơ",
         "rườm rà", "bình thường", "tạm ổn", "cũng được"]
LABELS = ["positive"] * 5 + ["negative"] * 5 + ["neutral"] * 3


def test_old_classifier_still_imports():
    assert SentimentClassifier().get_params() == {"C": 16.0, "random_state": 0}


@pytest.mark.parametrize("method", ["ensemble", "nblr", "tfidf"])
def test_estimator_contract(method, tmp_path):
    clf = FeedbackClassifier(method=method, C_nb=2.0, random_state=3)
    assert not hasattr(clf, "classes_")  # __init__ only stores parameters
    params = clone(clf).get_params()
    assert params["method"] == method and params["C_nb"] == 2.0 and params["random_state"] == 3
    assert clone(clf).set_params(C_tfidf=4.0).C_tfidf == 4.0
    with pytest.raises(NotFittedError):
        clf.predict(["x"])
    fitted = clf.fit(TEXTS, LABELS)
    proba = fitted.predict_proba(TEXTS)
    assert fitted.classes_.tolist() == ["negative", "neutral", "positive"]
    assert np.allclose(proba.sum(axis=1), 1) and proba.shape == (len(TEXTS), 3)
    assert fitted.score(TEXTS, LABELS) > 0.6
    again = pickle.loads(pickle.dumps(fitted))
    assert np.array_equal(again.predict_proba(TEXTS), proba)
    fitted.save(tmp_path / "m.pkl")
    assert np.array_equal(FeedbackClassifier.load(tmp_path / "m.pkl").predict_proba(TEXTS), proba)
    assert np.array_equal(FeedbackClassifier(method=method, random_state=3).fit(TEXTS, LABELS).predict_proba(TEXTS),
                          FeedbackClassifier(method=method, random_state=3).fit(TEXTS, LABELS).predict_proba(TEXTS))


def test_binary_and_cross_validation():
    from sklearn.model_selection import cross_val_score

    texts, labels = TEXTS[:10], LABELS[:10]
    assert len(cross_val_score(FeedbackClassifier(), texts, labels, cv=2)) == 2
    clf = FeedbackClassifier().fit(texts, labels)
    assert clf.predict(["rất tốt", "rất tệ"]).tolist() == ["positive", "negative"]


def test_refusals(tmp_path):
    with pytest.raises(SatisfactionError, match="method"):
        FeedbackClassifier(method="bert").fit(TEXTS, LABELS)
    with pytest.raises(SatisfactionError, match="two labels"):
        FeedbackClassifier().fit(["a", "b"], ["x", "x"])
    with pytest.raises(SatisfactionError, match="labels"):
        FeedbackClassifier().fit(["a", "b"], ["x"])
    (tmp_path / "other.pkl").write_bytes(pickle.dumps({"not": "a model"}))
    with pytest.raises(SatisfactionError, match="not a saved"):
        FeedbackClassifier.load(tmp_path / "other.pkl")


def test_weak_labels():
    scores = pd.Series([1, 2, 3, 4, 5, None, 9], index=list("abcdefg"))
    out = weak_labels(scores)
    assert out.index.tolist() == list("abcdefg")
    assert out.tolist() == ["negative", "negative", pd.NA, "positive", "positive", pd.NA, pd.NA]
    assert weak_labels(scores, negative=(1, 2, 3), positive=(5,)).tolist()[2:5] == ["negative", pd.NA, "positive"]
    with pytest.raises(SatisfactionError, match="both"):
        weak_labels(scores, negative=(1, 2, 3), positive=(3, 4, 5))


def test_classify_texts():
    clf = FeedbackClassifier().fit(TEXTS, LABELS)
    out = classify_texts(clf, pd.Series(["rất tốt", None, "  ", "rất tệ"], index=[10, 11, 12, 13]))
    assert out.index.tolist() == [10, 13]
    assert out.columns.tolist() == ["label", "p_negative", "p_neutral", "p_positive"]
    assert out["label"].tolist() == ["positive", "negative"]
    assert classify_texts(clf, pd.Series([None], dtype=object)).empty


def test_train_on_survey_by_sampling_unit(cleaned):
    survey = cleaned[0]["khao_sat_2024.xlsx"].data
    survey = survey[survey["comment"].notna()]
    result = train_on_survey(survey["comment"], survey["q_overall"], survey["psu_code"], folds=4, seed=1,
                             estimator=FeedbackClassifier(method="tfidf", random_state=1))
    oof = result.oof
    assert set(oof.index) <= set(survey.index) and (oof["fold"] >= 0).all()
    assert (oof.groupby("group")["fold"].nunique() == 1).all()  # a sampling unit never in train and test
    assert oof["label"].isin(["negative", "positive"]).all()
    assert not survey.loc[oof.index, "q_overall"].eq(3).any()
    table = result.table.set_index("measure")
    assert result.table.columns.tolist() == list(AGREEMENT_COLUMNS)
    assert table.index.tolist() == ["oof_macro_f1", "oof_accuracy", "lexicon_macro_f1", "lexicon_agreement",
                                    "lexicon_kappa"]
    assert table.loc["oof_macro_f1", "value"] > 0.5  # better than always "positive" (about 0.49 here)
    assert 0 <= table.loc["lexicon_agreement", "value"] <= 1
    assert result.model.classes_.tolist() == ["negative", "positive"]
    petitions = cleaned[0]["don_thu_phan_anh.csv"].data
    text_column = next(c for c in ("content", "noi_dung", "text", "comment") if c in petitions.columns)
    assert len(classify_texts(result.model, petitions[text_column])) > 0
    with pytest.raises(SatisfactionError, match="index"):
        train_on_survey(survey["comment"], survey["q_overall"].reset_index(drop=True), survey["psu_code"])


def test_beats_majority_on_real_comments(shared_data):
    """UIT-ViSFD, 3 classes (stars 1-2, 3, 4-5): trained on part of train, well above the majority class."""
    from sklearn.metrics import f1_score

    def split(name):
        df = pd.read_csv(shared_data / "uit_visfd" / f"{name}.csv")
        return df["comment"], pd.cut(df["n_star"], [0, 2, 3, 5], labels=["negative", "neutral", "positive"]).astype(str)

    x_train, y_train = split("train")
    x_test, y_test = split("test")
    clf = FeedbackClassifier(C_tfidf=2.0).fit(x_train[:2000], y_train[:2000])  # part of train: a fast test
    predicted = clf.predict(x_test)
    majority = f1_score(y_test, ["positive"] * len(y_test), average="weighted")
    assert majority < 0.50
    assert f1_score(y_test, predicted, average="weighted") >= majority + 0.2
    assert f1_score(y_test, predicted, average="macro") >= 0.55
