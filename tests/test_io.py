from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest import load_codebook, raw_header, read, read_export


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
    df = read_export(config.raw_dir() / "khao_sat_2023.xlsx")
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
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Mã phiếu,Quận/huyện\n1,Ba Đình\n", encoding="utf-8")
    with pytest.raises(SatisfactionError, match=r"fake\.xlsx: the file is not what its extension says"):
        read_export(fake)


def test_missing_sheet_lists_the_sheets():
    with pytest.raises(SatisfactionError, match=r"no sheet 'Data'; the workbook has \['Dữ liệu'\]"):
        read_export(config.raw_dir() / "khao_sat_2022.xlsx", sheet="Data")


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"),
                                                 ("cp1258", ","), ("tcvn3", ";"), ("vni", ",")])
def test_csv_in_every_encoding_and_separator(tmp_path, encoding, delimiter):
    from satisfaction.vietnamese import cp1258_encode, tcvn3_encode, vni_encode

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerows([["Mã phiếu", "Đơn vị", "Ý kiến"], ["HN-1", "Phường Thượng Thanh", "thủ tục nhanh, cán bộ nhiệt tình"]])
    text = buf.getvalue()
    encoders = {"cp1258": cp1258_encode, "tcvn3": tcvn3_encode, "vni": vni_encode}
    path = tmp_path / "x.csv"
    path.write_bytes(encoders[encoding](text) if encoding in encoders else text.encode(encoding))
    df = read(path)
    assert df.attrs["source"]["delimiter"] == delimiter
    header = ["source_row", "Mã phiếu", "Đơn vị", "Ý kiến"]
    if encoding == "tcvn3":  # TCVN3 has no toned capitals: Ý comes back as ý
        header[3] = "ý kiến"
    assert list(df.columns) == header
    assert df.iloc[0, 2:].tolist() == ["Phường Thượng Thanh", "thủ tục nhanh, cán bộ nhiệt tình"]


def test_spss_stata_and_parquet_read_with_labels(tmp_path):
    import pyreadstat

    df = pd.DataFrame({"ma_phieu": ["HN-1", "HN-2"], "hl": [4.0, 5.0]})
    pyreadstat.write_sav(df, tmp_path / "x.sav", column_labels=["Mã phiếu", "F1. Mức độ hài lòng chung"],
                         variable_value_labels={"hl": {4.0: "Hài lòng", 5.0: "Rất hài lòng"}})
    sav = read(tmp_path / "x.sav", codebook=load_codebook().assign(required="no"))
    assert sav["q_overall"].tolist() == ["Hài lòng", "Rất hài lòng"]
    assert sav["resp_id"].tolist() == ["HN-1", "HN-2"]
    df.to_stata(tmp_path / "x.dta", write_index=False, version=118, variable_labels={"hl": "F1. Mức độ hài lòng chung"})
    assert read(tmp_path / "x.dta", codebook=load_codebook().assign(required="no"))["q_overall"].tolist() == [4, 5]
    df.to_parquet(tmp_path / "x.parquet")
    assert read(tmp_path / "x.parquet")["source_row"].tolist() == [2, 3]
