"""The whole suite runs on the bundled data, writes every output, and the same inputs give the same tables."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from satisfaction import report
from satisfaction.outputs import WORKBOOK


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    first = tmp_path_factory.mktemp("run1")
    second = tmp_path_factory.mktemp("run2")
    index = report.run_suite(build=first)
    report.run_suite(build=second)
    return first, second, index


def test_every_notebook_is_executed_and_rendered(two_runs):
    build, _, index = two_runs
    notebooks = report.notebook_list()
    assert notebooks, "the suite has no notebooks"
    page = index.read_text(encoding="utf-8")
    for nb in notebooks:
        assert (build / "notebooks" / nb.name).exists()
        assert (build / "report" / f"{nb.stem}.html").exists()
        assert f'href="{nb.stem}.html"' in page


def test_outputs_are_written(two_runs):
    build, _, _ = two_runs
    assert list((build / "figures").glob("*.png"))
    assert (build / "tables" / "respondents_by_district_wave.csv").exists()
    with zipfile.ZipFile(build / "tables" / WORKBOOK) as xlsx:
        assert "xl/worksheets/sheet2.xml" in xlsx.namelist()


def test_tables_are_byte_identical_across_runs(two_runs):
    first, second, _ = two_runs
    assert _digests(first / "tables") == _digests(second / "tables")


def test_run_on_an_empty_data_folder_fails_with_the_folder_named(tmp_path):
    from satisfaction.errors import SatisfactionError

    (tmp_path / "raw").mkdir()
    with pytest.raises(SatisfactionError, match="khao_sat"):
        report.run_suite(data=tmp_path, build=tmp_path / "build")
