"""The segmentation cache shared by runs at once: nothing lost, nothing corrupt, a broken file rebuilt."""

from __future__ import annotations

import logging
import multiprocessing as mp
import pickle

import pandas as pd

from satisfaction.text import tokens as tok

WORDS = ["cán bộ", "nhiệt tình", "chờ đợi", "lâu", "thủ tục", "đơn giản", "lệ phí", "cao", "hồ sơ", "trả kết quả",
         "đúng hẹn", "không", "hài lòng", "rất", "nhanh chóng", "phường", "một cửa", "hướng dẫn"]


def texts(start: int, stop: int) -> list[str]:
    return [f"{WORDS[i % 18].capitalize()} {WORDS[(i * 7) % 18]} {WORDS[(i * 5 + 3) % 18]} lần {i}."
            for i in range(start, stop)]


def _tokenize_in_rounds(folder: str, start: int, stop: int, barrier, out) -> None:
    """A run: waits for the other, then tokenizes its texts in rounds, each round writing the cache."""
    barrier.wait()
    result = []
    batch = texts(start, stop)
    for i in range(0, len(batch), 10):
        result.extend(tok.tokenize(pd.Series(batch[i:i + 10]), workers=1, cache=folder, progress=False).tolist())
    out.put((start, result))


def _merge_many(folder: str, tag: str, n: int, barrier) -> None:
    barrier.wait()
    path = tok._cache_file(folder)
    for i in range(n):
        tok._merge_into_cache(path, {f"{tag}{i}": [tag, str(i)]})


def test_two_runs_at_once_keep_every_text_and_agree(tmp_path):
    from underthesea import word_tokenize

    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    runs = [ctx.Process(target=_tokenize_in_rounds, args=(str(tmp_path), a, b, barrier, out))
            for a, b in [(0, 60), (30, 90)]]
    for p in runs:
        p.start()
    results = dict(out.get(timeout=60) for _ in runs)
    for p in runs:
        p.join(timeout=60)
        assert p.exitcode == 0
    plain = {t: word_tokenize(t) for t in texts(0, 90)}
    assert results[0] == [plain[t] for t in texts(0, 60)]
    assert results[30] == [plain[t] for t in texts(30, 90)]
    with tok._cache_file(tmp_path).open("rb") as fh:
        stored = pickle.load(fh)
    assert {tok._key(t) for t in plain} <= set(stored)
    assert all(stored[tok._key(t)] == words for t, words in plain.items())
    assert not list(tmp_path.glob("*.tmp"))


def test_concurrent_writers_lose_no_entry(tmp_path):
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_merge_many, args=(str(tmp_path), tag, 40, barrier)) for tag in "ab"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    stored = tok._read_cache(tok._cache_file(tmp_path))
    assert set(stored) == {f"{tag}{i}" for tag in "ab" for i in range(40)}


def test_a_truncated_or_corrupt_cache_is_rebuilt(tmp_path, caplog):
    series = pd.Series(texts(0, 5))
    first = tok.tokenize(series, workers=1, cache=tmp_path, progress=False)
    path = tok._cache_file(tmp_path)
    whole = path.read_bytes()
    for broken in (whole[: len(whole) // 2], b"not a pickle", pickle.dumps(["a list"])):
        path.write_bytes(broken)
        with caplog.at_level(logging.WARNING, logger="satisfaction.text.tokens"):
            again = tok.tokenize(series, workers=1, cache=tmp_path, progress=False)
        assert "treated as empty and rebuilt" in caplog.text
        caplog.clear()
        assert again.tolist() == first.tolist()
        assert set(tok._read_cache(path)) == {tok._key(t) for t in series}
