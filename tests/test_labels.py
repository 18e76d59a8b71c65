"""Every label a reader sees comes from the output codebook, in Vietnamese or English."""

from __future__ import annotations

import pytest

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.report import labels


def test_the_output_codebook_has_both_languages_for_every_label():
    cb = labels._codebook().reset_index()
    assert (cb["label_vi"] != "").all() and (cb["label_en"] != "").all()
    assert set(cb["kind"]) == labels.KINDS


def test_a_contradictory_output_codebook_is_refused_with_its_row(tmp_path, monkeypatch):
    bad = tmp_path / "codebook_outputs.csv"
    bad.write_text("kind,key,label_vi,label_en,format\ncolumn,x,Một,,int\ncolumn,y,Hai,Two,percent\n",
                   encoding="utf-8")
    monkeypatch.setattr(labels, "CODEBOOK", bad)
    labels._codebook.cache_clear()
    try:
        with pytest.raises(SatisfactionError, match=r"row 2 \(x\).*both.*row 3 \(y\): format 'percent'"):
            labels._codebook()
    finally:
        labels._codebook.cache_clear()


def test_language_is_an_argument_and_bad_values_are_refused(monkeypatch):
    assert labels.text("fig.gap.reported", lang="en") == "District's own report"
    assert labels.column_label("cases_by_district", "ontime_pct", lang="en") == "On time or early"
    monkeypatch.setenv("SATISFACTION_LANG", "en")  # the library never reads it: only config does
    assert labels.text("fig.gap.reported") != "District's own report"
    assert config.language() == "en" and config.settings().lang == "en"
    with pytest.raises(SatisfactionError, match="unknown label language 'fr'"):
        labels.text("ci95", lang="fr")
    monkeypatch.setenv("SATISFACTION_LANG", "fr")
    with pytest.raises(SatisfactionError, match="unknown label language 'fr'"):
        config.language()


def test_a_missing_text_key_is_an_error_not_a_blank():
    with pytest.raises(SatisfactionError, match="no text 'fig.nothing'"):
        labels.text("fig.nothing")


def test_every_quarantine_reason_reads_in_vietnamese():
    """The workbook shows the cleaning module's reason codes and English meanings in the reader's language."""
    from satisfaction.ingest import REASONS

    for code, meaning in REASONS.items():
        assert labels.value_label("reason", code, lang="vi") != code
        assert labels.value_label("meaning", meaning, lang="vi") != meaning
