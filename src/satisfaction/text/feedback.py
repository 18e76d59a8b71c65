"""Putting the text tools together for the survey's comments and the petitions (notebook 05).

``analyse_comments`` takes the clean survey, normalises and word-segments the comments, tags their
aspects and scores their sentiment, and keeps each comment's respondent, district and overall
satisfaction beside it, so what people write can be read against how they scored.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from satisfaction.text.aspects import ASPECTS, tag_aspects
from satisfaction.text.normalisation import prepare_texts
from satisfaction.text.sentiment import lexicon_sentiment
from satisfaction.text.tokens import content_words, tokenize


def analyse_comments(survey: pd.DataFrame, *, text: str = "comment", cache: str | Path | None = None,
                     keep: tuple[str, ...] = ("wave", "district_code", "q_overall")) -> pd.DataFrame:
    """One row per comment: original and normalised text, tokens, content words, aspects, sentiment.

    Parameters
    ----------
    survey : pandas.DataFrame
        The clean survey, one row per respondent.
    text : str
        Column of the comments; respondents without one are left out.
    cache : str, pathlib.Path or None
        Folder of the word-segmentation cache (see :func:`tokenize`); ``None`` for no cache.
    keep : tuple of str
        Columns of ``survey`` kept beside each comment (all must exist).

    Returns
    -------
    pandas.DataFrame
        One row per non-missing comment, with the index of ``survey``: the ``keep`` columns,
        ``original``, ``normalised`` and ``emoji_polarity`` (:func:`prepare_texts`, diacritics restored
        from the comments' own vocabulary), ``tokens`` (the words of the normalised text), ``words``
        (its :func:`content_words`), one boolean column per aspect (:func:`tag_aspects`), and the
        lexicon ``score`` and ``label`` (:func:`lexicon_sentiment`).

    Examples
    --------
    >>> survey = pd.DataFrame({"wave": [1, 1, 1], "district_code": ["a", "b", "b"], "q_overall": [5, 2, 4],
    ...                        "comment": ["Cán bộ rất nhiệt tình 👍", "chờ lâu quá, ko hài lòng", None]})
    >>> comments = analyse_comments(survey)
    >>> comments["normalised"].tolist()
    ['Cán bộ rất nhiệt tình EMO_POS', 'chờ lâu quá, không hài lòng']
    >>> comments[["staff", "waiting", "label"]].to_numpy().tolist()
    [[True, False, 'positive'], [False, True, 'negative']]
    """
    prep = prepare_texts(survey[text])
    out = pd.concat([survey.loc[prep.index, list(keep)], prep], axis=1)
    out["tokens"] = tokenize(out["normalised"], cache=cache, progress=False)
    out["words"] = out["tokens"].map(content_words)
    out = pd.concat([out, tag_aspects(out["normalised"]), lexicon_sentiment(out["normalised"])], axis=1)
    return out


def corpus_overview(comments: pd.DataFrame) -> pd.DataFrame:
    """Size of the comment corpus: comments, distinct texts, tokens, vocabulary, share typed without accents.

    Parameters
    ----------
    comments : pandas.DataFrame
        The output of :func:`analyse_comments` (its ``original``, ``tokens``, ``words`` and
        ``emoji_polarity`` columns are used).

    Returns
    -------
    pandas.DataFrame
        Columns ``measure`` and ``value``; rows ``comments``, ``distinct_texts``, ``tokens``,
        ``tokens_per_comment``, ``vocabulary`` (distinct content words),
        ``typed_without_diacritics_pct`` (the percentage of original texts that are all ASCII) and
        ``with_emoji_pct`` (the percentage whose emoji polarity is not 0); percentages and tokens per
        comment rounded to 0.1.

    Examples
    --------
    >>> comments = pd.DataFrame({"original": ["Rất tốt 👍", "cho lau qua"], "emoji_polarity": [1, 0],
    ...                          "tokens": [["Rất", "tốt", "EMO_POS"], ["cho", "lau", "qua"]],
    ...                          "words": [["rất", "tốt", "emo_pos"], ["cho", "lau", "qua"]]})
    >>> corpus_overview(comments)["value"].tolist()
    [2.0, 2.0, 6.0, 3.0, 6.0, 50.0, 50.0]
    """
    n_tokens = comments["tokens"].map(len)
    vocab = {w for ws in comments["words"] for w in ws}
    rows = {"comments": len(comments), "distinct_texts": comments["original"].nunique(),
            "tokens": int(n_tokens.sum()), "tokens_per_comment": round(float(n_tokens.mean()), 1),
            "vocabulary": len(vocab),
            "typed_without_diacritics_pct": round(100 * float(comments["original"].map(str.isascii).mean()), 1),
            "with_emoji_pct": round(100 * float((comments["emoji_polarity"] != 0).mean()), 1)}
    return pd.DataFrame({"measure": list(rows), "value": list(rows.values())})


def sentiment_by_score(comments: pd.DataFrame, *, score: str = "q_overall") -> pd.DataFrame:
    """Share of negative, neutral and positive comments by the respondent's own overall score (1-5).

    Parameters
    ----------
    comments : pandas.DataFrame
        The output of :func:`analyse_comments` (its ``score`` column is the lexicon score, ``label``
        the sentiment label).
    score : str
        Column of the respondent's overall score.

    Returns
    -------
    pandas.DataFrame
        One row per value of ``score`` (rows where it is missing are left out): ``score``, ``comments``
        (their number), the percentage of each label that occurs (one column per label, rounded to
        0.1) and ``mean_lexicon_score`` (rounded to 0.001).

    Examples
    --------
    >>> comments = pd.DataFrame({"q_overall": [5, 5, 2], "label": ["positive", "neutral", "negative"],
    ...                          "score": [1.5, 0.0, -1.0]})
    >>> out = sentiment_by_score(comments)
    >>> out.columns.tolist()
    ['q_overall', 'comments', 'negative', 'neutral', 'positive', 'mean_lexicon_score']
    >>> out[["negative", "neutral", "positive", "mean_lexicon_score"]].to_numpy().tolist()
    [[100.0, 0.0, 0.0, -1.0], [0.0, 50.0, 50.0, 0.75]]
    """
    table = pd.crosstab(comments[score], comments["label"], normalize="index").mul(100).round(1)
    table.insert(0, "comments", comments.groupby(score).size())
    table["mean_lexicon_score"] = comments.groupby(score)["score"].mean().round(3)
    return table.reset_index()


def aspect_sentiment(comments: pd.DataFrame) -> pd.DataFrame:
    """For each aspect: comments mentioning it and the share of those that are negative.

    Parameters
    ----------
    comments : pandas.DataFrame
        The output of :func:`analyse_comments` (one boolean column per aspect and ``label``).

    Returns
    -------
    pandas.DataFrame
        One row per aspect of :data:`ASPECTS`: ``aspect``, ``label_vi``, ``label_en``, ``comments``
        (the number mentioning it), ``share_of_comments_pct`` (of all comments) and ``negative_pct``
        (of those mentioning it; missing when none does); percentages rounded to 0.1.

    Examples
    --------
    >>> texts = pd.Series(["chờ lâu quá", "cán bộ nhiệt tình", "chờ lâu nhưng cán bộ tận tình"])
    >>> comments = pd.concat([tag_aspects(texts), lexicon_sentiment(texts)], axis=1)
    >>> out = aspect_sentiment(comments).set_index("aspect")
    >>> out.loc[["staff", "waiting"], ["comments", "negative_pct"]].to_numpy().tolist()
    [[2.0, 0.0], [2.0, 50.0]]
    """
    rows = []
    for aspect, (vi, en, _) in ASPECTS.items():
        sel = comments[comments[aspect]]
        rows.append({"aspect": aspect, "label_vi": vi, "label_en": en, "comments": len(sel),
                     "share_of_comments_pct": round(100 * len(sel) / max(len(comments), 1), 1),
                     "negative_pct": round(100 * float((sel["label"] == "negative").mean()), 1) if len(sel) else None})
    return pd.DataFrame(rows)
