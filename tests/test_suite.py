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


def test_each_notebook_page_shows_its_figures_and_no_path_of_the_machine(suite_runs):
    """A figure saved by a notebook is also displayed in it: its executed copy and HTML page hold it as an
    image. Folders are injected relative to build/notebooks, and warnings show without kernel file paths."""
    import nbformat

    from satisfaction import config

    build, _, _ = suite_runs
    machine = [str(build), str(config.REPO_ROOT), str(config.REPO_ROOT.parent), "/tmp/", "/root/", "/home/"]
    titles = json.loads((build / "figures" / "titles.json").read_text(encoding="utf-8"))
    shown_in_all = 0
    for executed in sorted((build / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(executed, as_version=4)
        # a cell that saves a figure shows one (cells skipped for want of data, e.g. no PAPI workbook, save none)
        saving = [c for c in nb.cells if c.cell_type == "code" and ".figure(" in c.source and c.get("outputs")]
        shown = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                    if "image/png" in o.get("data", {}))
        assert all(any("image/png" in o.get("data", {}) for o in c.outputs) for c in saving), executed.name
        shown_in_all += shown
        page = (build / "report" / f"{executed.stem}.html").read_text(encoding="utf-8")
        assert page.count("data:image/png") >= shown
        for text in (executed.read_text(encoding="utf-8"), page):
            found = [m for m in machine if m in text]
            assert not found, f"{executed.name} shows a path of the machine: {found}"
        tags = [c.metadata.get("tags", []) for c in nb.cells]
        assert ["parameters"] in tags and ["injected-parameters"] in tags, executed.name
    saved = sorted((build / "figures").glob("*.png"))
    assert titles and shown_in_all >= len(saved), f"{len(saved)} figures saved, {shown_in_all} shown"


def test_the_pages_use_the_vietnamese_font_fallback(suite_runs):
    build, _, _ = suite_runs
    page = (build / "report" / "00_overview.html").read_text(encoding="utf-8")
    assert "--jp-code-font-family:'DejaVu Sans Mono'" in page


def test_no_survey_estimate_of_the_run_has_a_zero_width_interval(suite_runs):
    """At the ceiling a logit interval collapses to a point; the run's shares use Korn-Graubard, which
    never does. Every interval of every table, and every interval the brief prints, has width."""
    from satisfaction.report import brief_text

    build, _, _ = suite_runs
    for csv in sorted((build / "tables").glob("*.csv")):
        table = pd.read_csv(csv, encoding="utf-8-sig")
        if {"ci_low", "ci_high"} <= set(table.columns):
            flat = table[(table["ci_low"] == table["ci_high"]) & table["ci_low"].notna()]
            assert flat.empty, f"{csv.stem}: {len(flat)} zero-width intervals"
    text = brief_text(build / BRIEF)
    assert not re.search(r"(\d+,\d)%?\s*[–-]\s*\1%", text), "the brief prints a zero-width interval"
