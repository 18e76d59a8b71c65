"""Scoring Vietnamese word segmentation against a gold treebank (CoNLL-U), e.g. UD Vietnamese-VTB.

A segmentation is compared with the gold one as sets of word spans over the sentence's characters with
spaces removed; precision, recall and F1 are pooled over all words of all sentences (the usual word
segmentation score of the VLSP and UD evaluations).
"""

from __future__ import annotations

from pathlib import Path


def read_conllu(path: str | Path) -> list[tuple[str, list[str]]]:
    """(sentence text, gold words) for every sentence of a CoNLL-U file (multiword-token lines skipped).

    Parameters
    ----------
    path : str or pathlib.Path
        The CoNLL-U file (UTF-8).

    Returns
    -------
    list of tuple of (str, list of str)
        One ``(text, words)`` per sentence, in file order: the ``# text`` comment (the words joined by
        spaces when there is none) and the FORM of each word line; multiword-token (``1-2``) and
        empty-node (``1.1``) lines are skipped.
    """
    sentences, text, words = [], None, []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# text"):
            text = line.split("=", 1)[1].strip()
        elif not line.strip():
            if words:
                sentences.append((text if text is not None else " ".join(words), words))
            text, words = None, []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                words.append(cols[1])
    if words:
        sentences.append((text if text is not None else " ".join(words), words))
    return sentences


def _spans(words: list[str]) -> set[tuple[int, int]]:
    spans, pos = set(), 0
    for w in words:
        n = len(w.replace(" ", ""))
        spans.add((pos, pos + n))
        pos += n
    return spans


def segmentation_scores(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    """Pooled precision, recall and F1 (in %) of predicted words against gold words.

    Parameters
    ----------
    gold : list of list of str
        The gold words of each sentence.
    predicted : list of list of str
        The predicted words of the same sentences, in the same order (a different number of sentences
        raises ValueError).

    Returns
    -------
    dict
        ``precision``, ``recall`` and ``f1`` (percentages rounded to 2 decimals; 0.0 when undefined),
        ``sentences`` (their number) and ``misaligned`` (sentences whose characters, spaces aside,
        differ between gold and predicted; their spans are still compared).

    Examples
    --------
    >>> segmentation_scores([["Cán bộ", "nhiệt tình"]], [["Cán bộ", "nhiệt", "tình"]])
    {'precision': 33.33, 'recall': 50.0, 'f1': 40.0, 'sentences': 1, 'misaligned': 0}
    """
    correct = n_gold = n_pred = misaligned = 0
    for g, p in zip(gold, predicted, strict=True):
        if "".join(g).replace(" ", "") != "".join(p).replace(" ", ""):
            misaligned += 1  # different characters: spans still compared, counted here for the report
        gs, ps = _spans(g), _spans(p)
        correct += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    precision = 100 * correct / n_pred if n_pred else 0.0
    recall = 100 * correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 2), "recall": round(recall, 2), "f1": round(f1, 2),
            "sentences": len(gold), "misaligned": misaligned}
