"""Hostile and messy input (issue 15, first classes): personal data in every written form, formula cells,
numbers whose sign or decimals matter, non-finite weights, codebook booleans in any case."""

from __future__ import annotations

import pandas as pd
import pytest

from satisfaction.datasets import example
from satisfaction.ingest import clean_survey, load_codebook, read_export, redact, write_result
from satisfaction.ingest.writers import safe_frame, safe_text

FORMS = {  # each form a citizen or an office writes, with what it must become
    "(+84) 917 462 358": "[SĐT]", "(024) 3791 5826": "[SĐT]", "024.3845.2917": "[SĐT]",
    "sdt0968257413": "sdt[SĐT]", "84912738465": "[SĐT]", "0912.345.678": "[SĐT]", "+84 912 345 678": "[SĐT]",
    "001 085 012 347": "[CCCD]", "0010 8501 2348": "[CCCD]", "001203004567": "[CCCD]", "012 847 365": "[CMND]",
}
KEPT = ["Phí 100.000.000 đồng", "hồ sơ HS2024-000001", "ngày 02/09/2024", "phiếu HN24-001-0001", "mã 00001",
        "chờ 45 phút", "1.234,5 triệu"]


@pytest.mark.parametrize("form", list(FORMS))
def test_every_written_form_of_a_phone_or_id_number_is_redacted(form):
    assert redact(f"Liên hệ {form} giúp tôi")[0] == f"Liên hệ {FORMS[form]} giúp tôi"


@pytest.mark.parametrize("text", KEPT)
def test_numbers_that_are_not_personal_data_are_kept(text):
    assert redact(text) == (text, {})


def _raw():
    return read_export(example("khao_sat_2024_sample.xlsx")).copy()


def test_a_planted_number_reaches_no_file_the_cleaning_writes(tmp_path):
    raw = _raw()
    comment = next(c for c in raw.columns if c == "comment")
    for i, form in enumerate(FORMS):
        raw.loc[raw.index[i], comment] = f"Gọi {form} nhé"
    raw.loc[raw.index[20], "q_overall"] = "khong biet 0917462358"  # an answer holding a number goes to quarantine
    result = clean_survey(raw, wave=2024)
    files = write_result(result, tmp_path, "planted")
    written = "".join(p.read_text(encoding="utf-8-sig") for p in files.values() if p.suffix == ".csv")
    written += result.data.astype(str).to_csv()
    for form in [*FORMS, "0917462358"]:
        assert form not in written, form


def test_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    raw = _raw()
    raw.loc[raw.index[0], "comment"] = '=HYPERLINK("http://x","Bấm")'
    raw.loc[raw.index[1], "q_overall"] = "=cmd|' /C calc'!A0"
    files = write_result(clean_survey(raw, wave=2024), tmp_path, "formula")
    for path in files.values():
        if path.suffix == ".csv":
            table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            for column in table.columns:
                assert not table[column].str.match(r"^[=+@\t\r]").any(), (path.name, column)
    assert safe_text("-1") == "-1" and safe_text("-x") == "'-x"
    assert safe_frame(pd.DataFrame({"=a": ["+b"], "n": [-1.5]})).to_dict("list") == {"'=a": ["'+b"], "n": [-1.5]}


def test_a_number_keeps_its_sign_and_its_decimals():
    raw = _raw()
    raw.loc[raw.index[0], "q_overall"] = "-1"
    raw.loc[raw.index[1], "q_overall"] = "4.0"
    raw.loc[raw.index[2], "weight"] = "inf"
    result = clean_survey(raw, wave=2024)
    q = result.quarantine.set_index("source_row")
    assert q.loc[raw["source_row"].iloc[0], "reason"] == "out_of_range"
    assert q.loc[raw["source_row"].iloc[2], "column"] == "weight"
    row = result.data[result.data["source_row"] == raw["source_row"].iloc[1]]
    assert row["q_overall"].tolist() == [4]


def test_required_is_read_in_any_case(tmp_path):
    cb = load_codebook()
    cb.loc[cb["variable"] == "weight", "required"] = "Yes"
    raw = _raw()
    raw.loc[raw.index[3], "weight"] = None
    result = clean_survey(raw, codebook=cb, wave=2024)
    q = result.quarantine.set_index("source_row")
    assert q.loc[raw["source_row"].iloc[3], "reason"] == "missing_required"
