"""The Word brief: Vietnamese numbers, every figure read from the run's tables."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from satisfaction.errors import SatisfactionError
from satisfaction.report.brief import BRIEF, brief_text, findings, number, pct, read_tables, write_brief


def test_numbers_are_written_the_vietnamese_way():
    assert number(1234567.891, 2) == "1.234.567,89"
    assert pct(96.4949) == "96,5%"


def test_the_brief_quotes_the_run_tables(suite_runs):
    build, _, _ = suite_runs
    text = brief_text(build / BRIEF)
    f = findings(read_tables(build / "tables"))
    head = f["overall"].loc[f["latest"]]
    assert f"{pct(head['estimate'])} người dân" in text
    assert pct(head["ci_low"])[:-1] in text
    best = f["ranks"].iloc[0]
    assert best["district"] in text and f"{int(best['rank_low'])}–{int(best['rank_high'])}" in text
    assert f["drivers"].iloc[0]["label"].lower() in text
    assert "Dữ liệu và phương pháp" in text
    words = len(text.split())
    assert 500 < words < 1600, f"{words} words: not a 2-4 page brief"


def test_the_brief_changes_when_a_table_changes(suite_runs, tmp_path):
    """No number is typed: editing the headline in the table changes the brief."""
    build, _, _ = suite_runs
    tables = tmp_path / "tables"
    shutil.copytree(build / "tables", tables)
    idx = pd.read_csv(tables / "sipas_index_by_wave.csv", encoding="utf-8-sig")
    sel = (idx["level"] == "satisfaction") & (idx["measure"] == "satisfied_pct") & (idx["wave"] == idx["wave"].max())
    idx.loc[sel, "estimate"] = 12.34
    idx.to_csv(tables / "sipas_index_by_wave.csv", index=False, encoding="utf-8-sig")
    assert "12,3% người dân" in brief_text(write_brief(tables, tmp_path / "b.docx"))


def test_the_brief_names_a_missing_table(tmp_path):
    with pytest.raises(SatisfactionError, match="needs the tables sipas_index_by_wave"):
        write_brief(tmp_path, tmp_path / "b.docx")
