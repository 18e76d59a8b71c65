"""Normalising Vietnamese feedback text the way it is written: repaired, teencode expanded, emoji kept.

The normaliser works in an order that does not break words: repair (mojibake, NFC, canonical tone
placement, whitespace) → emoji and emoticons turned into polarity tokens (``EMO_POS``/``EMO_NEG``) →
optionally, for a comment that is then all ASCII, diacritics restored from a vocabulary of the
corpus's own accented comments → teencode expanded on whitespace tokens only (so "50k" is never read
as "50 không", and teencode words are never "restored"). ``prepare_texts`` keeps the original beside
the normalised text. Word segmentation is :mod:`satisfaction.text.tokens`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

import pandas as pd

from satisfaction.vietnamese import repair_text, strip_diacritics

log = logging.getLogger(__name__)


#: Bumped whenever the normaliser's output changes (it is part of every cache key).
NORMALISER_VERSION = "1"


#: Teencode and common abbreviations, expanded only when they are a whole whitespace token. Ambiguous
#: ones are left alone: "v" (vậy / với), "bn" (bạn / bao nhiêu), "kg" (không / kilogram), "tt" (thủ tục /
#: thị trấn), "hs" (hồ sơ / học sinh), "cám" (cảm ơn / cám), "hông" (không / hông).
TEENCODE = {
    "ko": "không", "k": "không", "kh": "không", "khg": "không", "hok": "không", "k0": "không",
    "khong": "không", "dc": "được", "đc": "được", "dk": "được", "đk": "được", "duoc": "được", "bt": "bình thường",
    "j": "gì", "ng": "người", "ntn": "như thế nào", "r": "rồi", "rùi": "rồi", "wa": "quá", "qá": "quá",
    "bít": "biết", "cb": "cán bộ", "vs": "với", "tks": "cảm ơn", "thanks": "cảm ơn", "thank": "cảm ơn",
    "mik": "mình", "mk": "mình", "sdt": "số điện thoại", "sđt": "số điện thoại", "oke": "ok", "okie": "ok",
    "nv": "nhân viên", "ubnd": "UBND",
}


EMOJI_POLARITY = {
    "😊": 1, "👍": 1, "❤️": 1, "❤": 1, ":)": 1, ":))": 1, ":D": 1, "^^": 1, "^_^": 1, "🥰": 1, "👏": 1, "😍": 1,
    "😀": 1, "🙂": 1, "😡": -1, "😤": -1, "👎": -1, ":(": -1, ":((": -1, "😞": -1, "-_-": -1, "😠": -1, "😢": -1,
    "😭": -1, "🙁": -1,
}


EMOJI_TOKENS = {1: "EMO_POS", -1: "EMO_NEG"}


_EMOJI = re.compile("|".join(sorted(map(re.escape, EMOJI_POLARITY), key=len, reverse=True)))


def _expand(token: str) -> str:
    core = token.lower().rstrip(".,!?;:")
    return TEENCODE[core] + token[len(core):] if core in TEENCODE else token


def _restore(word: str, vocabulary: dict[str, str]) -> str:
    core = word.lower().rstrip(".,!?;:")
    if core in TEENCODE or core not in vocabulary:
        return word
    return vocabulary[core] + word[len(core):]


def normalise(text: str, *, restore: dict[str, str] | None = None) -> str:
    """Normalise one comment (see the module); ``restore`` maps ASCII words to accented ones.

    The steps, in order: the text is repaired (:func:`satisfaction.vietnamese.repair_text`), emoji and
    emoticons become ``EMO_POS`` / ``EMO_NEG`` tokens, the words of a comment that is then all ASCII are
    restored with ``restore``, teencode is expanded on whole whitespace tokens, and spaces are collapsed.

    Parameters
    ----------
    text : str
        One comment.
    restore : dict of str to str or None
        Lower-case ASCII word to accented word (see :func:`restoration_vocabulary`), used only when
        every word of the comment is ASCII; teencode words are never restored. ``None`` restores
        nothing.

    Returns
    -------
    str
        The normalised comment. Teencode is replaced by its expansion in :data:`TEENCODE`, trailing
        punctuation kept; other words keep their case.

    Examples
    --------
    >>> normalise("Cb ko nhiệt tình , chờ lâu wa 😡😡")
    'cán bộ không nhiệt tình , chờ lâu quá EMO_NEG EMO_NEG'
    >>> normalise("phí 50k, hoà thuận")
    'phí 50k, hòa thuận'
    """
    text = repair_text(text)
    text = _EMOJI.sub(lambda m: f" {EMOJI_TOKENS[EMOJI_POLARITY[m.group(0)]]} ", text)
    words = text.split()
    if restore and all(w.isascii() for w in words):  # a comment typed without diacritics
        words = [_restore(w, restore) for w in words]
    tokens = [_expand(t) for t in words]
    return " ".join(" ".join(tokens).split())


def emoji_polarity(text: str) -> int:
    """Sum of the polarities of the emoji and emoticons in a text (+1 each positive, -1 each negative).

    Parameters
    ----------
    text : str
        One comment, as written (emoji not yet replaced by tokens).

    Returns
    -------
    int
        The number of positive emoji and emoticons of :data:`EMOJI_POLARITY` minus the number of
        negative ones, each occurrence counted.

    Examples
    --------
    >>> emoji_polarity("tốt 👍👍 :(")
    1
    """
    return sum(EMOJI_POLARITY[m] for m in _EMOJI.findall(text))


def restoration_vocabulary(texts: pd.Series, *, min_count: int = 2) -> dict[str, str]:
    """ASCII form -> most frequent accented form of each syllable in the corpus's accented texts.

    Parameters
    ----------
    texts : pandas.Series
        The comments (strings); only those with a non-ASCII character are counted, split on
        whitespace after repair, so punctuation stays attached to its word.
    min_count : int
        The fewest occurrences an accented form needs to be used.

    Returns
    -------
    dict of str to str
        For each lower-case ASCII form, the lower-case accented form seen most often with it (the
        first seen among equals); forms without diacritics are left out.

    Examples
    --------
    >>> vocab = restoration_vocabulary(pd.Series(["không hài lòng", "rất hài lòng", "không tốt"]))
    >>> normalise("khong hai long", restore=vocab)
    'không hài lòng'
    """
    counts: Counter = Counter()
    for text in texts.dropna():
        if not text.isascii():
            counts.update(w.lower() for w in repair_text(text).split())
    best: dict[str, tuple[int, str]] = {}
    for word, n in counts.items():
        key = strip_diacritics(word)
        if key != word and n >= min_count and n > best.get(key, (0, ""))[0]:
            best[key] = (n, word)
    return {k: w for k, (_, w) in best.items()}


def prepare_texts(texts: pd.Series, *, restore_diacritics: bool = True) -> pd.DataFrame:
    """Original and normalised text side by side, with the emoji polarity, for a column of comments.

    Parameters
    ----------
    texts : pandas.Series
        The comments; missing ones are left out.
    restore_diacritics : bool
        Restore the diacritics of comments typed without them, with the
        :func:`restoration_vocabulary` of ``texts`` itself.

    Returns
    -------
    pandas.DataFrame
        One row per non-missing comment (with its index): ``original`` (as a string), ``normalised``
        (:func:`normalise`) and ``emoji_polarity`` (:func:`emoji_polarity` of the original).

    Examples
    --------
    >>> prepare_texts(pd.Series(["Cb ko nhiệt tình 😡", None])).to_numpy().tolist()
    [['Cb ko nhiệt tình 😡', 'cán bộ không nhiệt tình EMO_NEG', -1]]
    """
    vocab = restoration_vocabulary(texts) if restore_diacritics else None
    present = texts.dropna().astype(str)
    uniques = {t: normalise(t, restore=vocab) for t in pd.unique(present)}
    return pd.DataFrame({"original": present, "normalised": present.map(uniques),
                         "emoji_polarity": present.map(emoji_polarity)}, index=present.index)
