"""Normalisation and word segmentation of Vietnamese feedback."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from satisfaction import text
from satisfaction.text import content_words, normalise, prepare_texts, tokenize


@pytest.mark.parametrize("raw, expected", [
    ("ko hài lòng", "không hài lòng"),
    ("Cb k nhiệt tình", "cán bộ không nhiệt tình"),
    ("chờ lâu wa!", "chờ lâu quá!"),
    ("phí 50k", "phí 50k"),  # teencode only on whole tokens: 50k is not "50 không"
    ("thủ tục nhanh 👍👍", "thủ tục nhanh EMO_POS EMO_POS"),
    ("tệ :(", "tệ EMO_NEG"),
    (unicodedata.normalize("NFD", "Hoà  thuận"), "Hòa thuận"),
    ("Quận Ba Đình".encode().decode("latin-1"), "Quận Ba Đình"),
    ("v", "v"),  # ambiguous teencode is left alone
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_prepare_keeps_the_original_and_restores_ascii_comments():
    texts = pd.Series(["Rất hài lòng vì chờ không lâu", "không hài lòng vì chờ lâu", "khong hai long vi cho lau",
                       None, "hài lòng 😊"])
    out = prepare_texts(texts)
    assert out["original"].tolist() == texts.dropna().tolist()
    assert out.loc[2, "normalised"] == "không hài lòng vì chờ lâu"  # each word seen twice with its accents
    assert out.loc[4, "emoji_polarity"] == 1


def test_tokenize_is_identical_to_word_tokenize_and_uses_processes(tmp_path):
    from underthesea import word_tokenize

    texts = pd.Series(["Cán bộ một cửa rất nhiệt tình", "Chờ lâu quá, không hài lòng", None,
                       "Thủ tục rườm rà, phải đi lại nhiều lần", "Cán bộ một cửa rất nhiệt tình"] * 30)
    expected = [word_tokenize(t) if isinstance(t, str) else None for t in texts]
    got = tokenize(texts, workers=2, chunk=2, cache=tmp_path, progress=False)
    assert got.tolist() == expected
    assert list(tmp_path.glob("tokens-underthesea*-norm*.pkl"))


def test_warm_cache_does_not_segment_again(tmp_path, monkeypatch):
    texts = pd.Series(["Hồ sơ trả đúng hẹn", "Nộp trực tuyến rất tiện"])
    first = tokenize(texts, workers=1, cache=tmp_path, progress=False)

    def refuse(_):
        raise AssertionError("segmented again despite the cache")

    monkeypatch.setattr(text.tokens, "_segment", refuse)
    assert tokenize(texts, workers=1, cache=tmp_path, progress=False).tolist() == first.tolist()


def test_fixed_words_is_never_used():
    source = open(text.__file__, encoding="utf-8").read()
    assert "fixed_words=" not in source


def test_stopwords_keep_negations_and_intensifiers():
    words = content_words(["Cán bộ", "không", "nhiệt tình", "và", "rất", "chậm", ","])
    assert words == ["cán_bộ", "không", "nhiệt_tình", "rất", "chậm"]


def test_restoration_keeps_punctuation_and_leaves_teencode_to_expansion():
    texts = pd.Series(["không có gì đặc biệt", "có gì đặc biệt đâu", "Cung duoc, khong co gi dac biet."])
    out = prepare_texts(texts)
    assert out.loc[2, "normalised"] == "Cung được, không có gì đặc biệt."


def test_underthesea_output_has_not_changed():
    """Snapshot of underthesea 9.5.0's word_tokenize on 30 sentences (tests/golden/underthesea_snapshot.json).

    If this fails after an upgrade, the segmentation the project was evaluated with has changed: re-run
    benchmarks/eval_text.py and the notebooks before accepting the new version.
    """
    import json
    from pathlib import Path

    from underthesea import word_tokenize

    snap = json.loads((Path(__file__).parent / "golden" / "underthesea_snapshot.json").read_text(encoding="utf-8"))
    assert text.UNDERTHESEA_VERSION == snap["underthesea"]
    for item in snap["sentences"]:
        assert word_tokenize(item["text"]) == item["tokens"], item["text"]
