"""Vietnamese feedback text: normalisation and fast, cached word segmentation (the only module that imports underthesea).

The normaliser works in the order that does not break words: repair (mojibake, NFC, canonical tone
placement, whitespace) → teencode expanded on whitespace tokens (so "50k" is never read as "50 không")
→ emoji and emoticons kept as tokens with a polarity → optionally, diacritics restored for all-ASCII
comments from a vocabulary of the corpus's own accented comments. ``prepare_texts`` keeps the original
beside the normalised text.

``tokenize`` segments a Series with underthesea's ``word_tokenize`` and returns exactly what calling
it text by text returns, only faster: repeated texts are segmented once, distinct texts are spread
over processes (the CRF holds the GIL, threads do not help), results are cached on disk keyed by the
text, the normaliser version and underthesea's version, and a progress bar shows on long input.
``fixed_words`` is never used: it changes a module-global inside underthesea and leaks into later calls.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from satisfaction.vietnamese import repair_text, strip_diacritics

log = logging.getLogger(__name__)
#: Bumped whenever the normaliser's output changes (it is part of every cache key).
NORMALISER_VERSION = "1"
UNDERTHESEA_VERSION = version("underthesea")

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
    """Sum of the polarities of the emoji and emoticons in a text (+1 each positive, -1 each negative)."""
    return sum(EMOJI_POLARITY[m] for m in _EMOJI.findall(text))


def restoration_vocabulary(texts: pd.Series, *, min_count: int = 2) -> dict[str, str]:
    """ASCII form -> most frequent accented form of each syllable in the corpus's accented texts.

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
    """Original and normalised text side by side, with the emoji polarity, for a column of comments."""
    vocab = restoration_vocabulary(texts) if restore_diacritics else None
    present = texts.dropna().astype(str)
    uniques = {t: normalise(t, restore=vocab) for t in pd.unique(present)}
    return pd.DataFrame({"original": present, "normalised": present.map(uniques),
                         "emoji_polarity": present.map(emoji_polarity)}, index=present.index)


# --- word segmentation -----------------------------------------------------------------------------

def _segment(texts: list[str]) -> list[list[str]]:
    from underthesea import word_tokenize

    return [word_tokenize(t) for t in texts]


def _cache_file(cache: str | Path) -> Path:
    folder = Path(cache)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"tokens-underthesea{UNDERTHESEA_VERSION}-norm{NORMALISER_VERSION}.pkl"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def tokenize(texts: pd.Series, *, workers: int | None = None, cache: str | Path | None = None,
             progress: bool = True, chunk: int = 250) -> pd.Series:
    """Word-segment a Series of texts; identical to ``[word_tokenize(t) for t in texts]``.

    Parameters
    ----------
    workers : processes to use (default: the machine's cores, at most 8; 1 runs in this process).
    cache : a folder for the on-disk cache (keyed by text, normaliser and underthesea versions).
    progress : show a progress bar when there are more than 2,000 distinct texts to segment.

    Examples
    --------
    >>> tokenize(pd.Series(["Cán bộ nhiệt tình", "Cán bộ nhiệt tình", None]), workers=1).tolist()
    [['Cán bộ', 'nhiệt tình'], ['Cán bộ', 'nhiệt tình'], None]
    """
    present = texts.dropna().astype(str)
    unique = list(dict.fromkeys(present))
    stored: dict[str, list[str]] = {}
    path = _cache_file(cache) if cache is not None else None
    if path is not None and path.exists():
        with path.open("rb") as fh:
            stored = pickle.load(fh)
    keys = {t: _key(t) for t in unique}
    # longest first: the last batches are then the shortest, so the workers finish together
    todo = sorted((t for t in unique if keys[t] not in stored), key=len, reverse=True)
    workers = workers or min(os.cpu_count() or 1, 8)
    log.info("tokenize: %d texts, %d distinct, %d to segment on %d worker(s)", len(present), len(unique),
             len(todo), workers)
    done: list[list[str]] = []
    if todo:
        batches = [todo[i:i + chunk] for i in range(0, len(todo), chunk)]
        bar = None
        if progress and len(todo) > 2000:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(todo), desc="word_tokenize", unit="text")
        if workers > 1 and len(batches) > 1:
            from concurrent.futures import ProcessPoolExecutor

            _segment([""])  # load the CRF model here once, so forked workers share it instead of each loading it
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for result in pool.map(_segment, batches):
                    done.extend(result)
                    if bar is not None:
                        bar.update(len(result))
        else:
            for batch in batches:
                done.extend(_segment(batch))
                if bar is not None:
                    bar.update(len(batch))
        if bar is not None:
            bar.close()
        stored.update({keys[t]: toks for t, toks in zip(todo, done, strict=True)})
        if path is not None:
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(stored, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
    result = present.map(lambda t: stored[keys[t]])
    return result.reindex(texts.index).astype(object).where(texts.notna(), None)


#: Stopwords for satisfaction feedback. Unlike general lists (underthesea's included), negations and
#: intensifiers are *not* stopwords here: "không", "chưa", "chẳng", "rất", "quá" carry the sentiment.
STOPWORDS = frozenset("""
và thì là mà của cho với các những một này kia đó ở tại trong ngoài khi lúc để nên vì do bởi nhưng
cũng đã đang sẽ được bị có như nếu thế vậy ạ à nhé nha ơi ạ ạ tôi mình chúng_tôi em anh chị họ ông bà
""".split())
NEVER_STOPWORDS = frozenset({"không", "chưa", "chẳng", "chả", "đừng", "rất", "quá", "lắm", "hơi", "cực_kỳ"})


def content_words(tokens: list[str]) -> list[str]:
    """Lower-cased tokens without punctuation and stopwords (negations and intensifiers kept)."""
    out = []
    for t in tokens:
        w = t.lower().strip(".,!?;:()\"'…").replace(" ", "_")
        if not any(ch.isalnum() for ch in w) or (w in STOPWORDS and w not in NEVER_STOPWORDS):
            continue
        out.append(w)
    return out

