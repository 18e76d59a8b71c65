"""Fast, cached word segmentation with underthesea (the only module that imports it), and content words.

The cache is one pickle file per underthesea and normaliser version in the cache folder, a dict from
the SHA-1 of a text to its words. It is safe between runs sharing a build folder at once: new entries are
merged into what the file holds *at the time of writing* (re-read under an exclusive ``fcntl.flock`` on
a ``.lock`` file beside it, so a concurrent run's entries are never lost), written to a temporary file
of a unique name in the same folder and moved over the cache with ``os.replace`` (atomic, so a reader
sees the old file or the new one, never half of one). Where ``fcntl`` is missing (Windows) the write is
still atomic, but two runs writing at the same moment may each keep only its own entries -- a lost entry
is segmented again next time, never wrong. A cache file that cannot be read (truncated, corrupt, not
this format) is logged, treated as empty and rewritten by the next write.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from satisfaction.text.normalisation import NORMALISER_VERSION

log = logging.getLogger(__name__)

UNDERTHESEA_VERSION = version("underthesea")


def _segment(texts: list[str]) -> list[list[str]]:
    from underthesea import word_tokenize

    return [word_tokenize(t) for t in texts]


def _cache_file(cache: str | Path) -> Path:
    folder = Path(cache)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"tokens-underthesea{UNDERTHESEA_VERSION}-norm{NORMALISER_VERSION}.pkl"


@contextmanager
def _locked(path: Path):
    """An exclusive lock on ``path.lock`` for the read-merge-write of the cache (none without fcntl)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: atomic replace only
        yield
        return
    with open(path.with_suffix(".lock"), "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _read_cache(path: Path) -> dict[str, list[str]]:
    """The cache's entries; empty (with a warning in the log) when the file is missing or unreadable."""
    try:
        with path.open("rb") as fh:
            stored = pickle.load(fh)
    except FileNotFoundError:
        return {}
    except Exception as exc:  # truncated or corrupt: unpickling can fail in many ways
        log.warning("tokenize: the cache %s cannot be read (%s: %s); treated as empty and rebuilt",
                    path.name, type(exc).__name__, exc)
        return {}
    if not isinstance(stored, dict):
        log.warning("tokenize: the cache %s holds a %s, not a dict; treated as empty and rebuilt", path.name,
                    type(stored).__name__)
        return {}
    return stored


def _merge_into_cache(path: Path, new: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add ``new`` to the cache file as it is now, atomically and under the lock; returns the merged dict."""
    with _locked(path):
        stored = _read_cache(path)
        stored.update(new)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(stored, fh, protocol=pickle.HIGHEST_PROTOCOL)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return stored


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def tokenize(texts: pd.Series, *, workers: int | None = None, cache: str | Path | None = None,
             progress: bool = True, chunk: int = 250) -> pd.Series:
    """Word-segment a Series of texts; identical to ``[word_tokenize(t) for t in texts]``.

    Parameters
    ----------
    texts : pandas.Series
        The texts (normally normalised already); missing ones stay missing, others are taken as strings.
    workers : int or None
        Processes to use (default: the machine's cores, at most 8; 1 runs in this process, as does any
        call with at most ``chunk`` texts to segment).
    cache : str, pathlib.Path or None
        A folder for the on-disk cache (a pickle file named by the underthesea and normaliser versions,
        keyed by the text; safe for several runs at once, see the module docstring); ``None`` for no
        cache.
    progress : bool
        Show a progress bar when there are more than 2,000 distinct texts to segment.
    chunk : int
        The number of distinct texts in each batch given to a process.

    Returns
    -------
    pandas.Series
        With the index of ``texts``: the list of words of each text (the syllables of a word joined by
        a space), ``None`` where the text is missing.

    Examples
    --------
    >>> tokenize(pd.Series(["Cán bộ nhiệt tình", "Cán bộ nhiệt tình", None]), workers=1).tolist()
    [['Cán bộ', 'nhiệt tình'], ['Cán bộ', 'nhiệt tình'], None]
    """
    present = texts.dropna().astype(str)
    unique = list(dict.fromkeys(present))
    stored: dict[str, list[str]] = {}
    path = _cache_file(cache) if cache is not None else None
    if path is not None:
        stored = _read_cache(path)
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
        new = {keys[t]: toks for t, toks in zip(todo, done, strict=True)}
        stored.update(new)
        if path is not None:
            _merge_into_cache(path, new)
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
    """Lower-cased tokens without punctuation and stopwords (negations and intensifiers kept).

    Parameters
    ----------
    tokens : list of str
        The words of one comment, as :func:`tokenize` gives them.

    Returns
    -------
    list of str
        The words in order, lower-cased, with surrounding punctuation stripped and spaces replaced by
        ``_`` (``"Cán bộ"`` becomes ``"cán_bộ"``), leaving out those with no letter or digit and the
        :data:`STOPWORDS` (never those of :data:`NEVER_STOPWORDS`).

    Examples
    --------
    >>> content_words(["Cán bộ", "rất", "nhiệt tình", ",", "và"])
    ['cán_bộ', 'rất', 'nhiệt_tình']
    """
    out = []
    for t in tokens:
        w = t.lower().strip(".,!?;:()\"'…").replace(" ", "_")
        if not any(ch.isalnum() for ch in w) or (w in STOPWORDS and w not in NEVER_STOPWORDS):
            continue
        out.append(w)
    return out
