"""Figures draw every Vietnamese letter: no glyph is missing from the font."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt

from satisfaction.report import labels

VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")


def test_every_vietnamese_letter_with_every_tone_renders_without_a_missing_glyph(tmp_path):
    """The font of every figure has all of Vietnamese, capitals included, and every label of the codebook."""
    cb = labels._codebook()
    texts = [VIETNAMESE, VIETNAMESE.upper(), *cb["label_vi"]]
    fig, ax = plt.subplots(figsize=(8, 3))
    for i, t in enumerate(texts):
        ax.text(0, i, t.replace("$", ""), fontsize=6)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "glyphs.png", dpi=50)
        fig.savefig(tmp_path / "glyphs.svg")
    plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:3]


def test_a_missing_glyph_would_be_caught(tmp_path):
    """The check above can fail: a letter outside DejaVu Sans (Devanagari) raises the warning it looks for."""
    fig, ax = plt.subplots()
    ax.set_title("\u0915")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "x.png", dpi=30)
    plt.close(fig)
    assert any("missing from font" in str(w.message) for w in caught)
