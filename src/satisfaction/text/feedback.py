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
    """One row per comment: original and normalised text, tokens, content words, aspects, sentiment."""
    prep = prepare_texts(survey[text])
    out = pd.concat([survey.loc[prep.index, list(keep)], prep], axis=1)
    out["tokens"] = tokenize(out["normalised"], cache=cache, progress=False)
    out["words"] = out["tokens"].map(content_words)
    out = pd.concat([out, tag_aspects(out["normalised"]), lexicon_sentiment(out["normalised"])], axis=1)
    return out


def corpus_overview(comments: pd.DataFrame) -> pd.DataFrame:
    """Size of the comment corpus: comments, distinct texts, tokens, vocabulary, share typed without accents."""
    n_tokens = comments["tokens"].map(len)
    vocab = {w for ws in comments["words"] for w in ws}
    rows = {"comments": len(comments), "distinct_texts": comments["original"].nunique(),
            "tokens": int(n_tokens.sum()), "tokens_per_comment": round(float(n_tokens.mean()), 1),
            "vocabulary": len(vocab),
            "typed_without_diacritics_pct": round(100 * float(comments["original"].map(str.isascii).mean()), 1),
            "with_emoji_pct": round(100 * float((comments["emoji_polarity"] != 0).mean()), 1)}
    return pd.DataFrame({"measure": list(rows), "value": list(rows.values())})


def sentiment_by_score(comments: pd.DataFrame, *, score: str = "q_overall") -> pd.DataFrame:
    """Share of negative, neutral and positive comments by the respondent's own overall score (1-5)."""
    table = pd.crosstab(comments[score], comments["label"], normalize="index").mul(100).round(1)
    table.insert(0, "comments", comments.groupby(score).size())
    table["mean_lexicon_score"] = comments.groupby(score)["score"].mean().round(3)
    return table.reset_index()


def aspect_sentiment(comments: pd.DataFrame) -> pd.DataFrame:
    """For each aspect: comments mentioning it and the share of those that are negative."""
    rows = []
    for aspect, (vi, en, _) in ASPECTS.items():
        sel = comments[comments[aspect]]
        rows.append({"aspect": aspect, "label_vi": vi, "label_en": en, "comments": len(sel),
                     "share_of_comments_pct": round(100 * len(sel) / max(len(comments), 1), 1),
                     "negative_pct": round(100 * float((sel["label"] == "negative").mean()), 1) if len(sel) else None})
    return pd.DataFrame(rows)
