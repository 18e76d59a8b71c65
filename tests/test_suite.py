"""The whole suite runs on the bundled data, writes every output, and the same inputs give the same bytes."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile

import pandas as pd
import pytest

from satisfaction import report
from satisfaction.report import BRIEF, RUN, WORKBOOK, labels


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_every_notebook_is_executed_and_rendered(suite_runs):
    build, _, index = suite_runs
    notebooks = report.notebook_list()
    assert notebooks, "the suite has no notebooks"
    page = index.read_text(encoding="utf-8")
    for nb in notebooks:
        assert (build / "notebooks" / nb.name).exists()
        assert (build / "report" / f"{nb.stem}.html").exists()
        assert f'href="{nb.stem}.html"' in page


def test_outputs_are_written(suite_runs):
    build, _, index = suite_runs
    figures = sorted((build / "figures").glob("*.png"))
    assert figures
    for png in figures:
        assert png.with_suffix(".svg").exists(), f"{png.stem} has no SVG"
    assert (build / "tables" / "respondents_by_district_wave.csv").exists()
    assert (build / BRIEF).exists()
    with zipfile.ZipFile(build / "tables" / WORKBOOK) as xlsx:
        assert "xl/worksheets/sheet2.xml" in xlsx.namelist()
    page = index.read_text(encoding="utf-8")
    assert BRIEF in page and WORKBOOK in page
    assert re.search(r"Năm 20\d\d: <strong>\d\d,\d%</strong>", page), "the headline is not on the index page"


def test_tables_figures_and_brief_are_byte_identical_across_runs(suite_runs):
    first, second, _ = suite_runs
    assert _digests(first / "tables") == _digests(second / "tables")
    assert _digests(first / "figures") == _digests(second / "figures")
    assert (first / BRIEF).read_bytes() == (second / BRIEF).read_bytes()
    assert json.loads((first / "tables" / RUN).read_text(encoding="utf-8"))["date"] == "2026-01-01"


def test_every_table_has_a_title_and_every_column_a_label(suite_runs):
    """Labels come from the output codebook in both languages; only columns named by data (years,
    file names) may pass through unlabelled."""
    build, _, _ = suite_runs
    problems = []
    for csv in sorted((build / "tables").glob("*.csv")):
        if labels.table_title(csv.stem, lang="vi") is None:
            problems.append(f"{csv.stem}: no title")
        for column in pd.read_csv(csv, nrows=0, encoding="utf-8-sig").columns:
            if not (labels.has_column(csv.stem, column) or column.isdigit() or "." in column):
                problems.append(f"{csv.stem}.{column}: no label")
    assert not problems


def test_no_glyph_is_missing_from_any_figure_of_the_run(suite_runs):
    """matplotlib warns 'Glyph ... missing from font' when a letter cannot be drawn: no notebook may say so."""
    build, _, _ = suite_runs
    for executed in sorted((build / "notebooks").glob("*.ipynb")):
        text = executed.read_text(encoding="utf-8")
        assert "missing from font" not in text, f"{executed.name} draws a letter its font lacks"


def test_run_on_an_empty_data_folder_fails_with_the_folder_named(tmp_path):
    from satisfaction.errors import SatisfactionError

    (tmp_path / "raw").mkdir()
    with pytest.raises(SatisfactionError, match="khao_sat"):
        report.run_suite(data=tmp_path, build=tmp_path / "build")
