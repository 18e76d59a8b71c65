"""Topic discovery: planted topics are found, k by stability is the planted k, results repeat under a seed."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from satisfaction.errors import SatisfactionError
from satisfaction.text import discover_topics

THEMES = {
    "staff": ["cán bộ", "nhiệt tình", "hướng dẫn", "thái độ", "lịch sự", "tận tình", "giải thích", "chu đáo",
              "vui vẻ", "niềm nở", "tư vấn", "nhân viên"],
    "waiting": ["chờ đợi", "xếp hàng", "lâu", "số thứ tự", "buổi sáng", "quá tải", "đông", "tiếng đồng hồ",
                "ghế ngồi", "phòng chờ", "mệt", "trễ hẹn"],
    "fees": ["lệ phí", "chi phí", "tiền", "đắt", "thu thêm", "biên lai", "nộp phí", "hóa đơn", "miễn phí",
             "giá", "chuyển khoản", "phí dịch vụ"],
}
FILLER = ["và", "thì", "là", "rất", "được", "có", "hồ sơ", "hài lòng"]


def planted(n: int = 300, *, seed: int = 7) -> tuple[pd.Series, list[str], pd.Series]:
    rng = np.random.default_rng(seed)
    names = list(THEMES)
    labels, docs = [], []
    for i in range(n):
        theme = names[i % 3]
        words = list(rng.choice(THEMES[theme], size=int(rng.integers(4, 8)), replace=False))
        words += list(rng.choice(FILLER, size=3))
        rng.shuffle(words)
        labels.append(theme)
        docs.append(words)
    units = pd.Series([f"unit{j % 5}" for j in range(n)])
    return pd.Series(docs, index=pd.RangeIndex(100, 100 + n)), labels, units


def test_recovers_the_planted_topics_and_their_number():
    tokens, labels, _ = planted()
    result = discover_topics(tokens, k_range=range(2, 9), seed=0)
    assert result.k == 3
    assert result.stability["k"].tolist() == list(range(2, 9))
    assert result.stability.set_index("k")["stability"].idxmax() == 3
    vocab = {name: {w.replace(" ", "_") for w in ws} for name, ws in THEMES.items()}
    for topic in range(3):
        top = result.words.loc[result.words["topic"] == topic, "term"].head(8)
        unigrams = [t for t in top if " " not in t]
        owners = {name for t in unigrams for name, ws in vocab.items() if t in ws}
        assert len(owners) == 1, (topic, top.tolist())
    # each planted theme is one topic: the dominant topics are pure
    crosstab = pd.crosstab(result.dominant.to_numpy(), np.array(labels))
    assert (crosstab.max(axis=1) / crosstab.sum(axis=1)).min() > 0.95
    assert sorted(result.topics["documents"]) == [100, 100, 100]
    assert result.topics.columns.tolist() == ["topic", "documents", "share_pct", "top_words"]
    assert result.dominant.index.equals(tokens.index)


def test_the_same_seed_gives_identical_results():
    tokens, _, units = planted()
    texts = tokens.map(" ".join)
    one = discover_topics(tokens, groups=units, k_range=range(2, 6), seed=3, texts=texts)
    two = discover_topics(tokens, groups=units, k_range=range(2, 6), seed=3, texts=texts)
    for name in ("topics", "words", "examples", "groups", "stability"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    pd.testing.assert_series_equal(one.dominant, two.dominant)
    assert one.examples["text"].isin(set(texts)).all()
    assert one.examples["document"].isin(tokens.index).all()


def test_groups_share_sums_to_100_per_unit():
    tokens, _, units = planted()
    result = discover_topics(tokens, groups=units, k=3, seed=0)
    assert result.groups.columns.tolist() == ["group", "topic", "documents", "share_pct"]
    sums = result.groups.groupby("group")["share_pct"].sum()
    assert sorted(sums.index) == [f"unit{j}" for j in range(5)]
    assert np.allclose(sums, 100, atol=0.25)
    assert result.groups["documents"].sum() == len(tokens)
    assert result.stability.empty


def test_function_words_and_empty_comments_are_left_out():
    tokens, _, _ = planted()
    tokens = pd.concat([tokens, pd.Series([None, [], ["và", "thì", ","]], index=[1, 2, 3])])
    result = discover_topics(tokens, k=3, seed=0)
    assert not result.words["term"].isin(["và", "thì", "là", "rất", "được", "có"]).any()
    assert result.dominant.loc[[1, 2, 3]].tolist() == [-1, -1, -1]
    assert result.topics["documents"].sum() == 300


def test_mismatched_lengths_are_refused():
    tokens, _, units = planted()
    with pytest.raises(SatisfactionError, match="groups has 299 entries"):
        discover_topics(tokens, groups=units.iloc[:-1], k=3)


def test_runs_on_the_bundled_comments_in_seconds(cleaned, tmp_path):
    from satisfaction.text import analyse_comments

    _, out = cleaned
    survey = pd.read_parquet(out / "survey.parquet")
    survey = survey[survey["wave"] == 2024]
    comments = analyse_comments(survey, cache=tmp_path / "cache")
    start = time.perf_counter()
    result = discover_topics(comments["tokens"], groups=comments["district_code"], texts=comments["original"],
                             seed=0)
    assert time.perf_counter() - start < 15
    assert 3 <= result.k <= 10
    assert result.topics["documents"].sum() == (result.dominant >= 0).sum()
    assert np.allclose(result.groups.groupby("group")["share_pct"].sum(), 100, atol=0.5)
    assert result.examples["text"].isin(set(comments["original"])).all()


def test_emoji_tokens_and_placeholders_are_no_topic_words():
    from satisfaction.text.topics import _words

    assert _words(["EMO_POS", "emo_pos_emo_pos", "họ_tên", "sđt", "chờ", "lâu"]) == ["chờ", "lâu"]
