"""Words that set one group's comments apart: weighted log-odds with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words", Political Analysis 16(4): for word w and group i
against all other comments j, with prior counts alpha_w proportional to w's frequency in the whole
corpus (total ``prior`` pseudo-counts),

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var(delta_w) ~ 1 / (y_iw + a_w) + 1 / (y_jw + a_w),   z_w = delta_w / sqrt(var)

so rare words do not top the list by chance and frequent ones are not drowned out.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd


def log_odds(tokens: pd.Series, groups: pd.Series, *, prior: float = 1000.0, min_count: int = 5) -> pd.DataFrame:
    """z-scores of every word for every group against the rest (one row per group and word).

    ``tokens`` holds a list of words per comment (e.g. :func:`satisfaction.text.content_words`).

    Parameters
    ----------
    tokens : pandas.Series
        A list of words per comment; entries that are not lists (e.g. missing) are skipped.
    groups : pandas.Series
        The group of each comment, matched to ``tokens`` by position (the same length).
    prior : float
        The total pseudo-count of the informative Dirichlet prior, spread over the words in proportion
        to their frequency in the whole corpus.
    min_count : int
        Only words that occur at least this many times in the whole corpus are scored.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``word``, ``count`` (the word's count in the group), ``delta`` (the
        log-odds ratio against the other groups) and ``z``; sorted by group, then by ``z`` from the
        most distinctive word down. Empty, with those columns, when no word reaches ``min_count``.

    Examples
    --------
    >>> toks = pd.Series([["chờ", "lâu"], ["chờ", "lâu"], ["nhiệt_tình"], ["nhiệt_tình"], ["nhanh"]] * 3)
    >>> grp = pd.Series(["A", "A", "B", "B", "B"] * 3)
    >>> top = log_odds(toks, grp, prior=10, min_count=1)
    >>> top[top["group"] == "A"].iloc[0]["word"]
    'chờ'
    """
    total: Counter = Counter()
    by_group: dict = {}
    for words, g in zip(tokens, groups, strict=True):
        if not isinstance(words, list):
            continue
        total.update(words)
        by_group.setdefault(g, Counter()).update(words)
    vocab = [w for w, c in total.items() if c >= min_count]
    if not vocab:
        return pd.DataFrame(columns=["group", "word", "count", "delta", "z"])
    all_counts = np.array([total[w] for w in vocab], dtype=float)
    alpha = prior * all_counts / all_counts.sum()
    a0 = alpha.sum()
    rows = []
    for g, counter in by_group.items():
        yi = np.array([counter.get(w, 0) for w in vocab], dtype=float)
        yj = all_counts - yi
        ni, nj = yi.sum(), yj.sum()
        delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
        z = delta / np.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
        rows.append(pd.DataFrame({"group": g, "word": vocab, "count": yi.astype(int), "delta": delta, "z": z}))
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["group", "z"], ascending=[True, False]).reset_index(drop=True)
