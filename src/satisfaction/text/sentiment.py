"""Sentiment of Vietnamese feedback: a domain lexicon that needs no training, and a classifier users train.

underthesea's own ``sentiment`` downloads a model at run time and does not work offline, so the
project brings its own:

1. ``lexicon_sentiment``: a lexicon of positive and negative words and phrases of public-service
   feedback, read from ``data/lexicon_vi.csv`` (:func:`read_lexicon`: each phrase with its polarity,
   domain and provenance; context rules are longer phrases, "nói nhanh" a complaint where "nhanh" is
   praise), with negation scope ("không hài lòng", "chưa nhiệt tình": a negator flips the
   next sentiment phrase within three syllables, up to punctuation), intensifiers ("rất", "quá",
   "hơi") and emoji; clauses after "nhưng" weigh more. Returns a score and a label.
2. ``SentimentClassifier``: TF-IDF of word and character n-grams with logistic regression
   (scikit-learn), with ``fit`` / ``predict`` / ``save`` / ``load``; ``evaluate`` reports macro-F1 and
   the confusion matrix.
"""

from __future__ import annotations

import pickle
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from satisfaction.errors import SatisfactionError
from satisfaction.text.normalisation import normalise
from satisfaction.vietnamese import strip_diacritics

LEXICON_FILE = "lexicon_vi.csv"
_LEXICON_COLUMNS = ("phrase", "polarity", "domain", "provenance", "note")
DOMAINS = ("attitude", "clarity", "speed", "waiting", "fairness", "cost", "facilities", "online", "general")


def read_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """The evaluative lexicon of service feedback: one row per phrase, as shipped in the package.

    Parameters
    ----------
    path : str, pathlib.Path or None
        A CSV file with the columns ``phrase, polarity, domain, provenance, note``; by default the
        lexicon shipped in the package (``satisfaction/data/lexicon_vi.csv``).

    Returns
    -------
    pandas.DataFrame
        The columns above: ``phrase`` lower-cased and in diacritic form (the code derives the form
        without diacritics), ``polarity`` a float (+1, -1 or a weight), ``domain`` one of
        :data:`DOMAINS`, ``provenance`` where the entry comes from, ``note`` (may be empty).

    Raises
    ------
    SatisfactionError
        If a column is missing, a phrase is repeated, a polarity is not a non-zero number, a domain is
        unknown or a row has no provenance (the message names the file, the row and the column).

    Examples
    --------
    >>> lex = read_lexicon()
    >>> lex.set_index("phrase").loc[["vui tính", "không theo kịp"], "polarity"].tolist()
    [1.0, -1.0]
    """
    if path is None:
        source = resources.files("satisfaction") / "data" / LEXICON_FILE
        name = f"satisfaction/data/{LEXICON_FILE}"
    else:
        source, name = Path(path), str(path)
    with source.open("r", encoding="utf-8", newline="") as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False)
    missing = [c for c in _LEXICON_COLUMNS if c not in table.columns]
    if missing:
        raise SatisfactionError(f"the lexicon needs the columns {', '.join(_LEXICON_COLUMNS)}",
                                file=name, column=missing[0])
    table = table[list(_LEXICON_COLUMNS)].copy()
    table["phrase"] = table["phrase"].map(lambda t: " ".join(normalise(t).lower().split()))
    polarity = pd.to_numeric(table["polarity"], errors="coerce")
    for row, (phrase, value, domain, provenance) in enumerate(
            zip(table["phrase"], polarity, table["domain"], table["provenance"], strict=True), start=2):
        if not phrase:
            raise SatisfactionError("an empty phrase", file=name, row=row, column="phrase")
        if not np.isfinite(value) or value == 0:
            raise SatisfactionError("expected a non-zero number (+1, -1 or a weight)", file=name, row=row,
                                    column="polarity")
        if domain not in DOMAINS:
            raise SatisfactionError(f"expected one of {', '.join(DOMAINS)}", file=name, row=row, column="domain")
        if not provenance.strip():
            raise SatisfactionError("every entry needs its provenance", file=name, row=row, column="provenance")
    repeated = table["phrase"][table["phrase"].duplicated()]
    if len(repeated):
        row = int(repeated.index[0]) + 2
        raise SatisfactionError("a phrase is listed twice", file=name, row=row, column="phrase")
    table["polarity"] = polarity.astype(float)
    return table


_TABLE = read_lexicon()
#: The phrases of the shipped lexicon with a positive, and a negative, polarity.
POSITIVE = frozenset(_TABLE.loc[_TABLE["polarity"] > 0, "phrase"])
NEGATIVE = frozenset(_TABLE.loc[_TABLE["polarity"] < 0, "phrase"])
NEGATORS = {"không", "chưa", "chẳng", "chả", "đừng", "không hề", "chưa hề", "chẳng hề", "đâu có", "hết"}
INTENSIFIERS = {"rất": 1.5, "quá": 1.5, "lắm": 1.5, "cực kỳ": 2.0, "cực": 1.8, "vô cùng": 2.0, "thật sự": 1.3,
                "siêu": 1.8, "hơi": 0.5, "khá": 0.8, "cũng": 0.9}
NEGATION_SCOPE = 3
THRESHOLD = 0.25
LABELS = ("negative", "neutral", "positive")


_LEXICON = dict(zip(_TABLE["phrase"], _TABLE["polarity"], strict=True))
#: The tokens the normaliser writes for emoji and emoticons, with their values (rows of the lexicon).
EMOJI = {p: v for p, v in _LEXICON.items() if p.startswith("emo_")}
# For comments typed without diacritics: the same lexicon without accents (a form that two entries
# share with opposite signs keeps neither; one-syllable forms that are also common words, listed
# below, are dropped: "hoi" is "hôi" and "hỏi", "toi" "tồi" and "tôi", "yeu" "yếu" and "yêu"), negators and only the
# intensifiers whose ASCII form is unambiguous ("qua" is also "through", "lam" also "do").
_ASCII_AMBIGUOUS = {"so", "mat", "cau", "hon", "roi", "ban", "hoi", "quat", "tien", "hai", "re", "co", "sach",
                    "cu", "to", "mua", "te", "toi", "do", "dat", "che", "lua", "tam", "ung", "tac", "dot", "yeu",
                    "tre", "sap", "hu", "ton", "nan", "gat", "lac", "xac"}
_ASCII: dict[str, list[float]] = {}
for _p, _v in _LEXICON.items():
    _ASCII.setdefault(strip_diacritics(_p), []).append(_v)
_LEXICON_ASCII = {k: v[0] for k, v in _ASCII.items()
                  if len({np.sign(x) for x in v}) == 1 and k not in _ASCII_AMBIGUOUS}
_NEGATORS_ASCII = {strip_diacritics(n) for n in NEGATORS} - {"cha", "het"}
_INTENSIFIERS_ASCII = {"rat": 1.5, "cuc ky": 2.0, "vo cung": 2.0, "sieu": 1.8}
_MAX_LEN = max(len(p.split()) for p in [*_LEXICON, *NEGATORS, *INTENSIFIERS])
_SPLIT = re.compile(r"([.,;:!?()\[\]\"“”…]|\s+)")
_CLAUSE_BREAK = {".", ",", ";", ":", "!", "?", "(", ")", "…"}


def _syllables(text: str) -> list[str]:
    return [t for t in _SPLIT.split(normalise(text).lower()) if t and not t.isspace()]


def lexicon_score(text: str) -> float:
    """Sentiment score of one text: positive above 0, negative below (see the module).

    The text is normalised (:func:`normalise`), lower-cased and split into syllables and punctuation;
    the longest phrase of the lexicon, negators or intensifiers is matched at each position. A comment
    typed without diacritics is scored with the lexicon's ASCII forms as well.

    Parameters
    ----------
    text : str
        One comment.

    Returns
    -------
    float
        The sum of the values of the sentiment phrases found (+1 positive, -1 negative, the emoji
        tokens +1 and -1), each multiplied by the intensifiers before it (or after it: "lâu quá"),
        by 1.5 after "nhưng", and, after a negator within :data:`NEGATION_SCOPE` syllables of the same
        clause, by -0.8 (positive phrases) or -0.5 (negative ones); 0.0 when none is found.

    Examples
    --------
    >>> lexicon_score("Cán bộ rất nhiệt tình") > 0, lexicon_score("không hài lòng") < 0
    (True, True)
    >>> lexicon_score("chưa nhiệt tình, chờ lâu quá") < 0
    True
    """
    words = _syllables(text)
    lexicon, negators, intensifiers = _LEXICON, NEGATORS, INTENSIFIERS
    if all(ch.isascii() for ch in text if ch.isalpha()):  # typed without diacritics (teencode may add some)
        lexicon = {**_LEXICON_ASCII, **_LEXICON}
        negators, intensifiers = NEGATORS | _NEGATORS_ASCII, {**_INTENSIFIERS_ASCII, **INTENSIFIERS}
        words = [strip_diacritics(w) for w in words]  # teencode expansion adds accents ("khong" -> "không")
    score, i, negate_left, weight, boost = 0.0, 0, 0, 1.0, 1.0
    last = 0.0  # value of the phrase just matched, for an intensifier that follows it ("lâu quá")
    while i < len(words):
        if words[i] in _CLAUSE_BREAK:
            negate_left, boost, last = 0, 1.0, 0.0
            i += 1
            continue
        if words[i] == "nhưng":
            weight = 1.5
            i += 1
            continue
        for size in range(_MAX_LEN, 0, -1):
            phrase = " ".join(words[i:i + size])
            if len(words[i:i + size]) < size:
                continue
            if phrase in negators:
                negate_left = NEGATION_SCOPE
                break
            if phrase in intensifiers:
                if last:
                    score += last * (intensifiers[phrase] - 1)
                    last = 0.0
                else:
                    boost *= intensifiers[phrase]
                break
            if phrase in lexicon:
                value = lexicon[phrase] * boost * weight
                if negate_left > 0:
                    value = -0.8 * value if value > 0 else -0.5 * value
                    negate_left = 0
                score += value
                boost, last = 1.0, value
                break
        else:
            size = 1
            negate_left = max(negate_left - 1, 0)
            last = 0.0
        i += size
    return float(score)


def lexicon_sentiment(texts: pd.Series) -> pd.DataFrame:
    """Score and label (negative, neutral, positive) of each text, with the lexicon method.

    Parameters
    ----------
    texts : pandas.Series
        The comments; missing ones are left out.

    Returns
    -------
    pandas.DataFrame
        One row per non-missing text (with its index): ``score`` (:func:`lexicon_score`) and
        ``label``: ``"positive"`` above :data:`THRESHOLD`, ``"negative"`` below ``-THRESHOLD``,
        ``"neutral"`` otherwise.

    Examples
    --------
    >>> lexicon_sentiment(pd.Series(["Rất hài lòng 👍", "ko hài lòng", "Không có ý kiến"]))["label"].tolist()
    ['positive', 'negative', 'neutral']
    """
    present = texts.dropna().astype(str)
    uniques = {t: lexicon_score(t) for t in pd.unique(present)}
    score = present.map(uniques)
    label = np.where(score > THRESHOLD, "positive", np.where(score < -THRESHOLD, "negative", "neutral"))
    return pd.DataFrame({"score": score, "label": label}, index=present.index)


class SavedClassifier:
    """``save`` and ``load`` by pickle for the project's classifiers (``_fitted``: the attribute ``fit`` sets)."""

    _fitted = "classes_"

    def save(self, path: str | Path) -> None:
        """Write the fitted classifier to ``path`` (a pickle: load only files you wrote yourself).

        Parameters
        ----------
        path : str or pathlib.Path
            The file to write (overwritten if it exists).

        Returns
        -------
        None
            Nothing: the classifier is written to ``path``.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            If the classifier has not been fitted.
        """
        check_is_fitted(self, self._fitted)
        with Path(path).open("wb") as fh:
            pickle.dump(self, fh)

    @classmethod
    def load(cls, path: str | Path):
        """Read a classifier written by :meth:`save`.

        Parameters
        ----------
        path : str or pathlib.Path
            The file written by :meth:`save`; it is unpickled, so it must come from a trusted source.

        Returns
        -------
        SavedClassifier
            The classifier (of the class it is called on), fitted as it was saved.

        Raises
        ------
        SatisfactionError
            If the file holds something other than a classifier of that class.
        """
        with Path(path).open("rb") as fh:
            clf = pickle.load(fh)
        if not isinstance(clf, cls):
            raise SatisfactionError(f"not a saved {cls.__name__}", file=path)
        return clf


class SentimentClassifier(SavedClassifier, ClassifierMixin, BaseEstimator):
    """A sentiment classifier trained on the user's own labelled comments: a scikit-learn estimator.

    Word (1-2) and character (2-5, within words) TF-IDF n-grams of the normalised text, logistic
    regression with balanced class weights. It works with scikit-learn's tools (``clone``,
    ``cross_val_score``, ``GridSearchCV`` over ``C``).

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression (16, chosen on UIT-ViSFD's dev split).
    random_state : int or None
        Seed of the solver.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted features and model.
    classes_ : numpy.ndarray
        The labels, in the order of :meth:`predict_proba`'s columns.

    Examples
    --------
    >>> clf = SentimentClassifier().fit(["rất tốt", "tốt lắm", "tệ quá", "rất tệ"],
    ...                                 ["pos", "pos", "neg", "neg"])
    >>> clf.predict(["tốt"]).tolist(), clf.classes_.tolist()
    (['pos'], ['neg', 'pos'])
    """

    _fitted = "pipeline_"

    def __init__(self, C: float = 16.0, random_state: int | None = 0) -> None:
        self.C = C
        self.random_state = random_state

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        features = make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                            token_pattern=r"(?u)\b\w+\b"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=200_000),
        )
        return make_pipeline(features, LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000,
                                                          random_state=self.random_state))

    @staticmethod
    def _prepare(texts) -> list[str]:
        return [normalise(str(t)).lower() for t in texts]

    def fit(self, X, y) -> SentimentClassifier:
        """Train on texts ``X`` with labels ``y``.

        Parameters
        ----------
        X : sequence of str
            The comments (normalised and lower-cased before the features are built).
        y : sequence
            Their labels.

        Returns
        -------
        SentimentClassifier
            The fitted classifier itself.
        """
        self.pipeline_ = self._pipeline().fit(self._prepare(X), list(y))
        self.classes_ = self.pipeline_.classes_
        return self

    def predict(self, X) -> np.ndarray:
        """The label of each text.

        Parameters
        ----------
        X : sequence of str
            The comments (normalised and lower-cased as in :meth:`fit`).

        Returns
        -------
        numpy.ndarray
            One label per text.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            If the classifier has not been fitted.
        """
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict(self._prepare(X))

    def predict_proba(self, X) -> np.ndarray:
        """The probability of each label (columns in the order of ``classes_``) for each text.

        Parameters
        ----------
        X : sequence of str
            The comments (normalised and lower-cased as in :meth:`fit`).

        Returns
        -------
        numpy.ndarray
            One row per text and one column per label of ``classes_``; each row adds up to 1.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            If the classifier has not been fitted.
        """
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(self._prepare(X))


def evaluate(y_true, y_pred, *, labels: list[str] | None = None) -> dict:
    """Macro-F1, accuracy, per-class F1 and the confusion matrix (rows: truth, columns: prediction).

    Parameters
    ----------
    y_true : sequence
        The true labels.
    y_pred : sequence
        The predicted labels, in the same order.
    labels : list of str or None
        The labels to score, in the order of the confusion matrix; by default every label of
        ``y_true`` or ``y_pred``, sorted.

    Returns
    -------
    dict
        ``macro_f1`` (float, the mean F1 over ``labels``, 0 for a label never true nor predicted),
        ``accuracy`` (float), ``f1`` (dict of label to F1, rounded to 4 decimals) and ``confusion``
        (pandas.DataFrame of counts, indexed and with columns ``labels``).

    Examples
    --------
    >>> res = evaluate(["pos", "neg", "pos", "neg"], ["pos", "pos", "pos", "neg"])
    >>> round(res["macro_f1"], 4), res["accuracy"]
    (0.7333, 0.75)
    >>> res["confusion"].to_numpy().tolist()
    [[1, 1], [0, 2]]
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    labels = labels or sorted(set(y_true) | set(y_pred))
    return {
        "macro_f1": float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "f1": dict(zip(labels, f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0).round(4),
                       strict=True)),
        "confusion": pd.DataFrame(confusion_matrix(y_true, y_pred, labels=labels), index=labels, columns=labels),
    }
