from __future__ import annotations

import pandas as pd
import pytest

from satisfaction import paths
from satisfaction.codebook import load_codebook, raw_header
from satisfaction.errors import SatisfactionError
from satisfaction.io import read_export


def _write(path, header, rows, title_rows=2):
    pd.DataFrame([["TITLE"] + [None] * (len(header) - 1)] * title_rows + [header] + rows).to_excel(
        path, header=False, index=False)


def _required_headers():
    cb = load_codebook()
    return [raw_header(cb, v) for v in cb.loc[cb["required"] == "yes", "variable"]]


def test_header_found_below_title_rows_and_renamed(tmp_path):
    header = _required_headers() + ["Tuoi", "Some other column"]
    path = tmp_path / "export.xlsx"
    _write(path, header, [["HN-1", "Q. Ba Đình", "P. Phúc Xá", "00001", 12.5, 40, "x"]], title_rows=3)
    df = read_export(path)
    assert list(df.columns) == ["source_row", "resp_id", "district_name", "ward_name", "psu_code", "weight", "age",
                                "Some other column"]
    assert df["source_row"].tolist() == [5]


def test_ascii_headers_of_2023_are_recognised():
    df = read_export(paths.raw_dir() / "khao_sat_2023.xlsx")
    assert {"q_overall", "q_staff_polite", "e_feedback", "comment"} <= set(df.columns)


def test_missing_required_column_names_the_file(tmp_path):
    header = [h for h in _required_headers() if h != "Trọng số"]
    path = tmp_path / "no_weight.xlsx"
    _write(path, header, [["x"] * len(header)])
    with pytest.raises(SatisfactionError, match=r"no_weight\.xlsx.*required columns"):
        read_export(path)


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SatisfactionError, match="empty.csv"):
        read_export(empty)
    with pytest.raises(SatisfactionError, match="file not found"):
        read_export(tmp_path / "absent.xlsx")
    with pytest.raises(SatisfactionError, match="unknown file type"):
        (tmp_path / "x.pdf").write_text("x")
        read_export(tmp_path / "x.pdf")
