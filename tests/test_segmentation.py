"""Word segmentation through the project's normaliser is at least as good as raw underthesea (UD VTB)."""

from __future__ import annotations

import pandas as pd

from satisfaction.text import normalise, read_conllu, segmentation_scores, tokenize


def test_project_pipeline_does_not_lose_f1_on_ud_vtb(shared_data):
    sentences = read_conllu(shared_data / "ud_vi_vtb" / "vi_vtb-ud-test.conllu")
    texts = pd.Series([t for t, _ in sentences])
    gold = [w for _, w in sentences]
    raw = segmentation_scores(gold, tokenize(texts, workers=2, progress=False).tolist())
    ours = segmentation_scores([[normalise(w) for w in ws] for ws in gold],
                               tokenize(texts.map(normalise), workers=2, progress=False).tolist())
    assert len(sentences) == 800
    assert raw["f1"] > 95
    assert ours["f1"] >= raw["f1"]
