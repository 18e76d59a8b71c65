"""A stronger sentiment classifier (NB-SVM with TF-IDF logistic regression), and training it on a survey.

``FeedbackClassifier`` is a scikit-learn estimator on the normalised, lower-cased syllable text
(:func:`normalise`): word uni- and bi-grams and character n-grams within words. Two models share
these n-grams and their probabilities are averaged:

1. NB-LR (Wang & Manning 2012, "Baselines and bigrams"): binary n-gram features scaled by the
   log-count ratio of each class against the rest, a logistic regression per class, the per-class
   probabilities normalised to add up to 1;
2. logistic regression on sublinear TF-IDF of the same n-grams (the features of
   :class:`~satisfaction.text.sentiment.SentimentClassifier`).

``weak_labels`` turns each respondent's overall score into a sentiment label, ``train_on_survey``
trains the classifier on the study's own comments with those labels, cross-validated by sampling
unit, and ``classify_texts`` applies it to texts with no score (petitions, letters).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from satisfaction.errors import SatisfactionError
from satisfaction.text.sentiment import SavedClassifier, SentimentClassifier

#: The columns of ``train_on_survey``'s agreement table.
AGREEMENT_COLUMNS = ("measure", "value", "n")


_prepare = SentimentClassifier._prepare  # the same normalised, lower-case text


def _features(char_ngrams: tuple[int, int], binary: bool):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1, token_pattern=r"(?u)\b\w+\b",
                            binary=binary, use_idf=not binary, norm=None if binary else "l2", sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=char_ngrams, min_df=2, binary=binary,
                            use_idf=not binary, norm=None if binary else "l2", sublinear_tf=True,
                            max_features=200_000)
    return make_union(words, chars)


class _NBLogistic:
    """One logistic regression per class on binary features scaled by that class's log-count ratio."""

    def __init__(self, C: float, alpha: float, class_weight, random_state) -> None:
        self.C, self.alpha, self.class_weight, self.random_state = C, alpha, class_weight, random_state

    def fit(self, X: sp.csr_matrix, y: np.ndarray) -> _NBLogistic:
        from sklearn.linear_model import LogisticRegression

        self.classes_ = np.unique(y)
        targets = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        self.ratios_, self.models_ = [], []
        for c in targets:
            pos = np.asarray(X[y == c].sum(axis=0)).ravel() + self.alpha
            neg = np.asarray(X[y != c].sum(axis=0)).ravel() + self.alpha
            r = np.log(pos / pos.sum()) - np.log(neg / neg.sum())
            model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000,
                                       random_state=self.random_state)
            self.ratios_.append(r)
            self.models_.append(model.fit(X.multiply(r).tocsr(), (y == c).astype(int)))
        return self

    def predict_proba(self, X: sp.csr_matrix) -> np.ndarray:
        p = np.column_stack([m.predict_proba(X.multiply(r).tocsr())[:, 1]
                             for r, m in zip(self.ratios_, self.models_, strict=True)])
        if len(self.classes_) == 2:
            return np.column_stack([1 - p[:, 0], p[:, 0]])
        return p / p.sum(axis=1, keepdims=True)


class FeedbackClassifier(SavedClassifier, ClassifierMixin, BaseEstimator):
    """Sentiment of comments: NB-LR and TF-IDF logistic regression on word and character n-grams.

    A scikit-learn estimator (``clone``, ``get_params`` / ``set_params``, ``cross_val_score``,
    ``GridSearchCV``, pickling). The text is normalised and lower-cased; the features are word 1-2-grams
    of the syllables and character n-grams within words (``char_ngrams``). ``method`` chooses NB-LR
    alone, the TF-IDF logistic regression alone, or their average (``weight`` on NB-LR). The
    probabilities are the logistic regressions' own (NB-LR's per-class ones normalised to add up to 1).
    The defaults were chosen on UIT-ViSFD's dev split (3 classes, weighted F1): the TF-IDF logistic
    regression alone (0.778) edged NB-LR (0.770 at ``C_nb=0.05``) and their averages (0.774-0.776 for
    ``weight`` 0.2-0.7); segmenting words with underthesea first lowered it (0.766), as did
    ``class_weight=None`` (0.765). See ``benchmarks/eval_classifier.py``.

    Parameters
    ----------
    method : {"tfidf", "nblr", "ensemble"}
        The model(s) used: the TF-IDF logistic regression, NB-LR, or the average of both.
    C_nb : float
        Inverse regularisation of NB-LR's logistic regressions.
    C_tfidf : float
        Inverse regularisation of the TF-IDF logistic regression.
    alpha : float
        Smoothing of NB-LR's log-count ratios.
    weight : float
        Weight of NB-LR in the ensemble's average of probabilities (0 to 1).
    char_ngrams : tuple of int
        Lengths of the character n-grams (within words).
    class_weight : {"balanced", None} or dict
        Class weights of every logistic regression; ``"balanced"`` weighs rare classes up.
    random_state : int or None
        Seed of the solvers.

    Attributes
    ----------
    classes_ : numpy.ndarray
        The labels, in the order of :meth:`predict_proba`'s columns.
    nb_features_, tfidf_features_ : sklearn.pipeline.FeatureUnion or None
        The fitted binary and TF-IDF n-gram features (``None`` when the method does not use them).
    nb_model_ : object or None
        The fitted NB-LR.
    tfidf_model_ : sklearn.linear_model.LogisticRegression or None
        The fitted TF-IDF logistic regression.

    Examples
    --------
    >>> clf = FeedbackClassifier().fit(["rất tốt", "tốt lắm", "tệ quá", "rất tệ"],
    ...                                ["pos", "pos", "neg", "neg"])
    >>> clf.predict(["tốt"]).tolist(), clf.classes_.tolist()
    (['pos'], ['neg', 'pos'])
    """

    def __init__(self, method: str = "tfidf", C_nb: float = 0.05, C_tfidf: float = 16.0, alpha: float = 1.0,
                 weight: float = 0.2, char_ngrams: tuple[int, int] = (2, 5), class_weight="balanced",
                 random_state: int | None = 0) -> None:
        self.method = method
        self.C_nb = C_nb
        self.C_tfidf = C_tfidf
        self.alpha = alpha
        self.weight = weight
        self.char_ngrams = char_ngrams
        self.class_weight = class_weight
        self.random_state = random_state

    def fit(self, X, y) -> FeedbackClassifier:
        """Train on texts ``X`` with labels ``y``.

        Parameters
        ----------
        X : sequence of str
            The comments (normalised and lower-cased before the features are built).
        y : sequence
            Their labels (at least two distinct ones).

        Returns
        -------
        FeedbackClassifier
            The fitted classifier itself.

        Raises
        ------
        SatisfactionError
            If ``method`` is unknown, ``weight`` is outside 0-1, ``X`` and ``y`` differ in length or
            ``y`` has a single label.
        """
        from sklearn.linear_model import LogisticRegression

        if self.method not in ("ensemble", "nblr", "tfidf"):
            raise SatisfactionError(f"method must be 'ensemble', 'nblr' or 'tfidf', not {self.method!r}")
        if not 0 <= self.weight <= 1:
            raise SatisfactionError(f"weight must be between 0 and 1, not {self.weight!r}")
        texts, y = _prepare(X), np.asarray(list(y))
        if len(texts) != len(y):
            raise SatisfactionError(f"{len(texts)} texts but {len(y)} labels")
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise SatisfactionError(f"at least two labels are needed to train, got {self.classes_.tolist()}")
        self.nb_features_ = self.nb_model_ = self.tfidf_features_ = self.tfidf_model_ = None
        if self.method in ("ensemble", "nblr"):
            self.nb_features_ = _features(tuple(self.char_ngrams), binary=True)
            features = self.nb_features_.fit_transform(texts).tocsr()
            self.nb_model_ = _NBLogistic(self.C_nb, self.alpha, self.class_weight, self.random_state).fit(features, y)
        if self.method in ("ensemble", "tfidf"):
            self.tfidf_features_ = _features(tuple(self.char_ngrams), binary=False)
            features = self.tfidf_features_.fit_transform(texts)
            self.tfidf_model_ = LogisticRegression(C=self.C_tfidf, class_weight=self.class_weight, max_iter=3000,
                                                   random_state=self.random_state).fit(features, y)
        return self

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
        check_is_fitted(self, "classes_")
        texts = _prepare(X)
        parts, weights = [], []
        if self.nb_model_ is not None:
            parts.append(self.nb_model_.predict_proba(self.nb_features_.transform(texts).tocsr()))
            weights.append(self.weight if self.tfidf_model_ is not None else 1.0)
        if self.tfidf_model_ is not None:
            parts.append(self.tfidf_model_.predict_proba(self.tfidf_features_.transform(texts)))
            weights.append(1 - self.weight if self.nb_model_ is not None else 1.0)
        return sum(w * p for w, p in zip(weights, parts, strict=True))

    def predict(self, X) -> np.ndarray:
        """The most probable label of each text.

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
        check_is_fitted(self, "classes_")
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def weak_labels(scores: pd.Series, *, negative=(1, 2), positive=(4, 5)) -> pd.Series:
    """Sentiment labels from each respondent's overall score: the score as a weak label of the comment.

    Parameters
    ----------
    scores : pandas.Series
        The overall satisfaction scores (1-5 on SIPAS); missing ones stay missing.
    negative : tuple
        The scores labelled ``"negative"``.
    positive : tuple
        The scores labelled ``"positive"``.

    Returns
    -------
    pandas.Series
        With the index of ``scores``: ``"negative"``, ``"positive"``, or missing for any other score
        (3 is held out) and for a missing one.

    Raises
    ------
    SatisfactionError
        If a score is in both ``negative`` and ``positive``.

    Examples
    --------
    >>> weak_labels(pd.Series([1, 2, 3, 4, 5, None])).tolist()
    ['negative', 'negative', <NA>, 'positive', 'positive', <NA>]
    """
    both = set(negative) & set(positive)
    if both:
        raise SatisfactionError(f"scores {sorted(both)} are both negative and positive")
    values = pd.to_numeric(scores, errors="coerce")
    label = pd.Series(pd.NA, index=scores.index, dtype="string")
    label[values.isin(list(negative))] = "negative"
    label[values.isin(list(positive))] = "positive"
    return label


class SurveyTraining:
    """What :func:`train_on_survey` returns: the model, the out-of-fold predictions and the agreement.

    Attributes
    ----------
    model : FeedbackClassifier
        Fitted on every labelled comment.
    oof : pandas.DataFrame
        One row per labelled comment (the index of the input): ``group``, ``fold``, ``label`` (from the
        score), ``predicted`` (by the model of the fold that did not see the comment's sampling unit),
        ``p_positive`` and ``lexicon`` (the lexicon's label).
    table : pandas.DataFrame
        ``measure, value, n`` (:data:`AGREEMENT_COLUMNS`): ``oof_macro_f1`` and ``oof_accuracy``
        against the score labels, ``lexicon_macro_f1`` (the lexicon against the score labels, for
        comparison), ``lexicon_agreement`` (share of comments where the out-of-fold label equals the
        lexicon's) and ``lexicon_kappa`` (Cohen's kappa of the two).
    """

    def __init__(self, model: FeedbackClassifier, oof: pd.DataFrame, table: pd.DataFrame) -> None:
        self.model, self.oof, self.table = model, oof, table

    def __repr__(self) -> str:
        return f"SurveyTraining(n={len(self.oof)}, table=\n{self.table})"


def train_on_survey(comments: pd.Series, scores: pd.Series, groups: pd.Series, *, folds: int = 5, seed: int = 0,
                    estimator: FeedbackClassifier | None = None) -> SurveyTraining:
    """Train the classifier on the study's own comments, labelled by the respondents' overall scores.

    Comments that are missing or blank, and those whose score gives no label (:func:`weak_labels`),
    are left out. Out-of-fold predictions come from ``GroupKFold`` on ``groups`` (the sampling unit,
    ``psu_code``), so a comment is never predicted by a model that saw its sampling unit, whose
    respondents share an office and its wording; the model returned is fitted on every labelled comment.

    Parameters
    ----------
    comments : pandas.Series
        The comments, one per respondent.
    scores : pandas.Series
        The overall scores, with the index of ``comments``.
    groups : pandas.Series
        The sampling unit of each respondent, with the index of ``comments``.
    folds : int
        Folds of the cross-validation (at most the number of sampling units).
    seed : int
        Seed of the shuffling of sampling units into folds and of the solvers.
    estimator : FeedbackClassifier or None
        The classifier to train (cloned); by default ``FeedbackClassifier(random_state=seed)``.

    Returns
    -------
    SurveyTraining
        ``model``, ``oof`` and ``table`` (see :class:`SurveyTraining`).

    Raises
    ------
    SatisfactionError
        If the three Series do not share one index, if fewer than two sampling units or fewer than two
        labels remain, or ``folds`` is below 2.
    """
    from sklearn.base import clone
    from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score
    from sklearn.model_selection import GroupKFold

    from satisfaction.text.sentiment import lexicon_sentiment

    if not (comments.index.equals(scores.index) and comments.index.equals(groups.index)):
        raise SatisfactionError("comments, scores and groups must share one index")
    if folds < 2:
        raise SatisfactionError(f"folds must be at least 2, not {folds}")
    label = weak_labels(scores)
    text = comments.astype("string").str.strip()
    keep = text.notna() & (text != "") & label.notna() & groups.notna()
    text, label, group = text[keep].astype(str), label[keep].astype(str), groups[keep].astype(str)
    units = group.nunique()
    if units < 2 or label.nunique() < 2:
        raise SatisfactionError(f"{units} sampling units and labels {sorted(label.unique())} with a comment: "
                                "at least two of each are needed")
    base = estimator if estimator is not None else FeedbackClassifier(random_state=seed)
    splitter = GroupKFold(n_splits=min(folds, units), shuffle=True, random_state=seed)
    predicted = pd.Series("", index=text.index, dtype=object)
    p_positive = pd.Series(np.nan, index=text.index)
    fold = pd.Series(-1, index=text.index)
    for k, (train, test) in enumerate(splitter.split(text, label, group)):
        if label.iloc[train].nunique() < 2:  # a fold whose training part has one label predicts it
            predicted.iloc[test] = label.iloc[train].iloc[0]
            p_positive.iloc[test] = float(label.iloc[train].iloc[0] == "positive")
        else:
            model = clone(base).fit(text.iloc[train], label.iloc[train])
            proba = model.predict_proba(text.iloc[test])
            predicted.iloc[test] = model.classes_[proba.argmax(axis=1)]
            p_positive.iloc[test] = proba[:, list(model.classes_).index("positive")]
        fold.iloc[test] = k
    lexicon = lexicon_sentiment(text)["label"]
    oof = pd.DataFrame({"group": group, "fold": fold, "label": label, "predicted": predicted,
                        "p_positive": p_positive, "lexicon": lexicon})
    labels = ["negative", "positive"]
    n = len(oof)
    table = pd.DataFrame([
        ("oof_macro_f1", f1_score(label, predicted, labels=labels, average="macro", zero_division=0), n),
        ("oof_accuracy", accuracy_score(label, predicted), n),
        ("lexicon_macro_f1", f1_score(label, lexicon, labels=labels, average="macro", zero_division=0), n),
        ("lexicon_agreement", float((predicted == lexicon).mean()), n),
        ("lexicon_kappa", cohen_kappa_score(predicted, lexicon), n),
    ], columns=list(AGREEMENT_COLUMNS))
    table["value"] = table["value"].astype(float)
    return SurveyTraining(clone(base).fit(text, label), oof, table)


def classify_texts(model, texts: pd.Series) -> pd.DataFrame:
    """Apply a fitted classifier to texts that have no score (petitions, letters, free answers).

    Parameters
    ----------
    model : FeedbackClassifier
        A fitted classifier (e.g. ``train_on_survey(...).model``); any fitted estimator with
        ``predict_proba`` and ``classes_`` works.
    texts : pandas.Series
        The texts; missing and blank ones are left out.

    Returns
    -------
    pandas.DataFrame
        One row per text kept (with its index): ``label`` and ``p_<label>`` for each label of the model.

    Examples
    --------
    >>> clf = FeedbackClassifier().fit(["rất tốt", "tốt lắm", "tệ quá", "rất tệ"], ["positive"] * 2 + ["negative"] * 2)
    >>> classify_texts(clf, pd.Series(["tốt", None, "tệ"]))["label"].tolist()
    ['positive', 'negative']
    """
    check_is_fitted(model, "classes_")
    text = texts.astype("string").str.strip()
    text = text[text.notna() & (text != "")].astype(str)
    out = pd.DataFrame(index=text.index)
    if len(text) == 0:
        out["label"] = pd.Series(dtype=object)
        for c in model.classes_:
            out[f"p_{c}"] = pd.Series(dtype=float)
        return out
    proba = model.predict_proba(text.tolist())
    out["label"] = model.classes_[proba.argmax(axis=1)]
    for j, c in enumerate(model.classes_):
        out[f"p_{c}"] = proba[:, j]
    return out
