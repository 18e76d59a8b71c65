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
    "+84 (0)912.345.678": "[SĐT]", "001.085.012.347": "[CCCD]", "0010-8501-2347": "[CCCD]", "025.123.456": "[CMND]",
    "0168 123 4567": "[SĐT]",
}
KEPT = ["Phí 100.000.000 đồng", "hồ sơ HS2024-000001", "ngày 02/09/2024", "phiếu HN24-001-0001", "mã 00001",
        "chờ 45 phút", "1.234,5 triệu", "84.500.000.000 đồng", "842.500.000.000 đồng", "100 000 000 đồng",
        "các phòng 201 202 203", "1 000 000 000", "năm 2019 2020 2021 2022"]


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


H = "Mã phiếu,Quận/huyện,Phường/xã,Mã địa bàn,Trọng số"


@pytest.mark.parametrize("name, content, cause", [
    ("a.sav", b"$FL2@(#) garbage", "damaged or incomplete SPSS"),
    ("b.dta", b"<stata_dta>garbage", "damaged or incomplete Stata"),
    ("c.parquet", b"PAR1garbage", "damaged or incomplete Parquet"),
    ("d.csv", bytes(range(256)) * 16, "not text"),
    ("e.sav", b"\x1c\x00\x00\x00ENCRYPTEDSAV" + b"\x00" * 64, "encrypted"),
    ("f.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "password-protected workbook or an old .xls"),
])
def test_a_damaged_file_gets_its_real_cause_not_a_traceback(tmp_path, name, content, cause):
    from satisfaction.cli import main

    path = tmp_path / name
    path.write_bytes(content)
    assert main(["clean", str(path), "--out", str(tmp_path / "out")]) == 2


@pytest.mark.parametrize("name, content, cause", [
    ("a.sav", b"$FL2@(#) garbage", "damaged or incomplete SPSS"),
    ("e.sav", b"\x1c\x00\x00\x00ENCRYPTEDSAV" + b"\x00" * 64, "encrypted"),
    ("f.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "password-protected workbook"),
    ("d.csv", bytes(range(256)) * 16, "not text"),
])
def test_the_message_names_the_cause(tmp_path, name, content, cause):
    from satisfaction.errors import SatisfactionError
    from satisfaction.ingest import read

    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SatisfactionError, match=cause):
        read(path)


def test_mac_line_endings_utf16_without_bom_and_huge_cells_are_read(tmp_path):
    from satisfaction.ingest import read

    (tmp_path / "mac.csv").write_bytes(f"{H}\rHN-1,Quận Ba Đình,Phường Phúc Xá,00001,1.5\r".encode())
    (tmp_path / "u16.csv").write_bytes(f"{H}\nHN-1,Quận Ba Đình,Phường Phúc Xá,00001,1.5\n".encode("utf-16-le"))
    (tmp_path / "big.csv").write_text(f"{H},Ý kiến khác\nHN-1,Quận Ba Đình,Phường Phúc Xá,00001,1.5,{'x' * 140_000}\n",
                                      encoding="utf-8")
    for name in ("mac.csv", "u16.csv", "big.csv"):
        df = read(tmp_path / name)
        assert len(df) == 1 and df.iloc[0, 2] == "Quận Ba Đình", name
    import csv

    assert csv.field_size_limit() == 131072  # the process-wide limit is restored


def test_a_folder_or_a_file_as_output_gets_a_message(tmp_path):
    from satisfaction.cli import main

    (tmp_path / "dir.csv").mkdir()
    (tmp_path / "taken").write_text("x")
    good = tmp_path / "ok.csv"
    good.write_text(f"{H}\nHN-1,Quận Ba Đình,Phường Phúc Xá,00001,1.5\n", encoding="utf-8")
    assert main(["clean", str(tmp_path / "dir.csv"), "--out", str(tmp_path / "o")]) == 2
    assert main(["clean", str(good), "--out", str(tmp_path / "taken")]) == 2


@pytest.mark.parametrize("kind, header, row", [
    ("cases", "Mã hồ sơ,Đơn vị,Lĩnh vực,Thủ tục,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả",
     "HS1,Quận Ba Đình,Xây dựng,Cấp phép,Trực tuyến,02/01/2024,05/01/2024"),
])
def test_registers_without_their_optional_columns_are_cleaned(tmp_path, kind, header, row):
    from satisfaction.ingest import clean_file

    path = tmp_path / f"{kind}.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = clean_file(path, kind=kind)
    assert result.accounting["rows_in"] == 1 and "column_absent" in set(result.log["step"])


def _folder(tmp_path, names):
    import shutil

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in names:
        shutil.copy(example("khao_sat_2024_sample.xlsx"), raw / name)
    return raw


def test_the_same_wave_twice_in_a_folder_is_refused(tmp_path):
    from satisfaction.errors import SatisfactionError
    from satisfaction.ingest import clean_folder

    raw = _folder(tmp_path, ["khao_sat_2024.xlsx", "khao_sat_2024_ban_sua.xlsx"])
    with pytest.raises(SatisfactionError, match="two exports of the 2024 wave"):
        clean_folder(raw, tmp_path / "out")


def test_file_names_are_matched_without_case_or_accents_and_never_overwrite(tmp_path):
    from satisfaction.errors import SatisfactionError
    from satisfaction.ingest import clean_folder

    raw = _folder(tmp_path, ["Khảo_Sát_2024.XLSX"])
    results = clean_folder(raw, tmp_path / "out")
    assert list(results) == ["Khảo_Sát_2024.XLSX"]
    (raw / "ho_so_2024.csv").write_text("x", encoding="utf-8")
    (raw / "ho_so_2024.xlsx").write_text("x", encoding="utf-8")
    with pytest.raises(SatisfactionError, match="share the name"):
        clean_folder(raw, tmp_path / "out2")


def test_one_questionnaire_entered_twice_with_other_spellings_is_a_duplicate_not_a_conflict():
    raw = _raw()
    twin = raw.iloc[[5]].copy()
    twin["source_row"] = raw["source_row"].max() + 1
    labels = {"Hài lòng": "Hai long", "Rất hài lòng": "RAT HAI LONG"}
    twin = twin.apply(lambda col: col.map(lambda v: labels.get(v, v)))
    before = clean_survey(raw, wave=2024).accounting
    after = clean_survey(pd.concat([raw, twin], ignore_index=True), wave=2024)
    a = after.accounting
    assert a["exact_duplicates_dropped"] == before["exact_duplicates_dropped"] + 1
    assert a["rows_quarantined"] == before["rows_quarantined"]
    assert "drop_duplicates_after_reading" in set(after.log["step"])


def test_a_codebook_whose_codes_run_against_its_labels_is_refused_unless_reversed(tmp_path):
    from satisfaction.errors import SatisfactionError

    cb = load_codebook()
    row = cb["variable"] == "q_overall"
    cb.loc[row, "values"] = "1=Rất hài lòng;2=Hài lòng;3=Bình thường;4=Không hài lòng;5=Rất không hài lòng"
    path = tmp_path / "cb.csv"
    cb.to_csv(path, index=False)
    with pytest.raises(SatisfactionError, match="run against its labels: code 1 is 'Rất hài lòng'"):
        load_codebook(path)
    cb["reverse"] = ""
    cb.loc[row, "reverse"] = "Yes"
    cb.to_csv(path, index=False)
    assert len(load_codebook(path)) == len(cb)


def test_an_old_ward_becomes_its_new_commune_only_within_its_district():
    """2025 wave: Hoàn Kiếm's Phường Chương Dương is Phường Hồng Hà by the crosswalk, not the Xã Chương Dương of
    the former Thường Tín that only shares its name."""
    raw = _raw()
    raw.loc[raw.index[0], ["district_name", "ward_name", "psu_code"]] = ["Quận Hoàn Kiếm", "Phường Chương Dương", "00067"]
    result = clean_survey(raw, wave=2025)
    row = result.data[result.data["source_row"] == raw["source_row"].iloc[0]].iloc[0]
    assert row["new_ward"] == "Phường Hồng Hà"


def test_survey_dates_outside_the_field_period_are_quarantined():
    raw = _raw()
    for i, date in enumerate(["05/09/2031", "01/01/2099", "15/06/1990"]):
        raw.loc[raw.index[i], "survey_date"] = date
    raw.loc[raw.index[3], "survey_date"] = "15/01/2025"  # within the wave year ± 1
    q = clean_survey(raw, wave=2024).quarantine.set_index("source_row")
    for i in range(3):
        assert q.loc[raw["source_row"].iloc[i], "reason"] == "date_outside_field_period"
    assert raw["source_row"].iloc[3] not in q.index


def test_a_psu_of_another_district_contradicts_the_named_place():
    raw = _raw()
    first = raw.index[0]
    assert raw.loc[first, "district_name"] == "Quận Ba Đình"
    raw.loc[first, "psu_code"] = "00067"  # a ward of Hoàn Kiếm
    q = clean_survey(raw, wave=2024).quarantine.set_index("source_row")
    assert q.loc[raw["source_row"].iloc[0], "reason"] == "place_contradiction"


def test_a_case_returned_in_the_future_is_not_counted_late_by_ten_years(tmp_path):
    from satisfaction.ingest import clean_file

    path = tmp_path / "ho_so_2024.csv"
    path.write_text("Mã hồ sơ,Đơn vị,Lĩnh vực,Thủ tục,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả\n"
                    "HS1,Quận Ba Đình,Xây dựng,Cấp phép,Trực tuyến,02/01/2024,05/01/2024,06/01/2034\n"
                    "HS2,Quận Ba Đình,Xây dựng,Cấp phép,Trực tuyến,02/01/2024,05/01/2024,06/01/2024\n", encoding="utf-8")
    result = clean_file(path, kind="cases")
    assert result.data["case_id"].tolist() == ["HS2"] and result.data["days_late"].tolist() == [1]
    assert result.accounting["rows_quarantined"] == 1


def test_an_unclosed_quote_is_refused_rather_than_swallowing_rows(tmp_path):
    from satisfaction.errors import SatisfactionError
    from satisfaction.ingest import read

    rows = [f"HN-{i},Quận Ba Đình,Phường Phúc Xá,00001,1.5" for i in range(2300)]
    rows[2000] = 'HN-2000,"Quận Ba Đình,Phường Phúc Xá,00001,1.5'
    path = tmp_path / "quote.csv"
    path.write_text(H + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(SatisfactionError, match="never closed"):
        read(path)


@pytest.mark.parametrize("age", ["30.5", "30,5", "inf", "1e400"])
def test_a_non_integer_where_an_integer_belongs_is_quarantined(age):
    raw = _raw()
    raw.loc[raw.index[0], "age"] = age
    result = clean_survey(raw, wave=2024)
    q = result.quarantine.set_index("source_row")
    assert q.loc[raw["source_row"].iloc[0], "column"] == "age"
    a = result.accounting
    assert a["rows_in"] == a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"]


def test_a_hidden_first_sheet_is_not_read_by_default(tmp_path):
    """An office's workbook whose first sheet is a hidden old copy: the first visible sheet is read, and the
    skip is recorded; every sheet hidden is refused with the way out named."""
    import openpyxl

    from satisfaction.ingest import read

    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "cu"
    old.append(["a", "b"])
    old.append([1, 2])
    old.sheet_state = "hidden"
    data = wb.create_sheet("du_lieu")
    data.append(["a", "b"])
    data.append([3, 4])
    wb.active = 1
    wb.save(tmp_path / "x.xlsx")
    df = read(tmp_path / "x.xlsx")
    assert df["a"].tolist() == [3] and df.attrs["source"]["hidden_sheets_skipped"] == ["cu"]
    assert read(tmp_path / "x.xlsx", sheet="cu")["a"].tolist() == [1]  # asked for by name, it is read
    from satisfaction.ingest import clean_table, load_codebook

    df = df.rename(columns={"a": "letter_no", "b": "letter_type"})
    log = clean_table(df, codebook=load_codebook("letters")).log.set_index("step")
    assert "hidden sheets not read: cu; read 'du_lieu'" in log.at["hidden_sheets_skipped", "detail"]


CASES_HEADER = "Mã hồ sơ,Đơn vị,Lĩnh vực,Kênh nộp hồ sơ,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả,Trạng thái\n"


def test_a_register_revised_and_appended_keeps_the_last_version_of_each_record(tmp_path):
    from satisfaction.ingest import clean_file

    path = tmp_path / "ho_so_2024.csv"
    path.write_text(CASES_HEADER
                    + "HS-1,Quận Ba Đình,1,1,01/03/2024,10/03/2024,,4\n"        # row 2: pending, revised at row 5
                    + "HS-2,Quận Ba Đình,1,1,01/03/2024,10/03/2024,09/03/2024,3\n"
                    + "HS-3,Quận Tây Hồ,1,1,02/03/2024,12/03/2024,,4\n"         # row 4: another unit at row 6
                    + "HS-1,Q. Ba Đình,1,1,01/03/2024,10/03/2024,15/03/2024,2\n"
                    + "HS-3,Quận Cầu Giấy,1,1,02/03/2024,12/03/2024,11/03/2024,3\n", encoding="utf-8")
    result = clean_file(path, kind="cases")
    assert result.data.set_index("case_id")["outcome"].to_dict() == {"HS-2": "early", "HS-1": "late"}
    q = result.quarantine.set_index("source_row")
    assert q.at[2, "reason"] == "superseded_revision" and q.at[2, "value"] == "HS-1: superseded by row 5"
    assert q.loc[[4, 6], "reason"].tolist() == ["conflicting_duplicate"] * 2
    assert result.accounting == {"rows_in": 5, "rows_clean": 2, "rows_quarantined": 3, "exact_duplicates_dropped": 0}


def test_a_register_revised_in_a_second_file_counts_each_record_once(tmp_path):
    import shutil

    from satisfaction.ingest import clean_folder

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(example("khao_sat_2024_sample.xlsx"), raw / "khao_sat_2024.xlsx")
    (raw / "ho_so_2024.csv").write_text(CASES_HEADER
                                        + "HS-1,Quận Ba Đình,1,1,01/03/2024,10/03/2024,,4\n"
                                        + "HS-2,Quận Ba Đình,1,1,01/03/2024,10/03/2024,09/03/2024,3\n"
                                        + "HS-3,Quận Tây Hồ,1,1,02/03/2024,12/03/2024,,4\n", encoding="utf-8")
    (raw / "ho_so_2024_cap_nhat.csv").write_text(CASES_HEADER
                                                 + "HS-1,Quận Ba Đình,1,1,01/03/2024,10/03/2024,12/03/2024,2\n"
                                                 + "HS-2,quan ba dinh,1,1,01/03/2024,10/03/2024,09/03/2024,3\n"
                                                 + "HS-3,Quận Cầu Giấy,1,1,02/03/2024,12/03/2024,11/03/2024,3\n"
                                                 + "HS-4,Quận Tây Hồ,1,1,03/03/2024,12/03/2024,,4\n", encoding="utf-8")
    results = clean_folder(raw, tmp_path / "out")
    cases = pd.read_parquet(tmp_path / "out" / "cases.parquet")
    assert sorted(cases["case_id"]) == ["HS-1", "HS-2", "HS-4"]  # HS-3 is two different cases: quarantined
    assert cases.set_index("case_id").at["HS-1", "outcome"] == "late"  # the revision
    first, later = results["ho_so_2024.csv"], results["ho_so_2024_cap_nhat.csv"]
    assert first.quarantine.set_index("case_id")["reason"].to_dict() == {
        "HS-1": "superseded_revision", "HS-3": "conflicting_duplicate"}
    assert later.exact_duplicates == 1 and later.quarantine["case_id"].tolist() == ["HS-3"]
    assert "also in ho_so_2024.csv row 4" in later.quarantine["value"].iat[0]
    for r in results.values():
        a = r.accounting
        assert a["rows_in"] == a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"]


def test_a_study_whose_files_share_a_name_is_refused_before_anything_is_written(tmp_path):
    import shutil

    from satisfaction.datasets import example_study
    from satisfaction.errors import SatisfactionError
    from satisfaction.study import clean_study, load_study

    folder = tmp_path / "study"
    shutil.copytree(example_study().parent, folder)
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    for sub in ("a", "b"):
        (folder / sub / "ho_so.csv").write_text(CASES_HEADER + "HS-1,Phường Ba Đình,1,1,01/08/2025,10/08/2025,,4\n",
                                                encoding="utf-8")
    toml = folder / "study.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[[datasets.cases]]\nfile = "a/ho_so.csv"\n\n'
                    '[[datasets.cases]]\nfile = "b/ho_so.csv"\n', encoding="utf-8")
    with pytest.raises(SatisfactionError, match="share the name 'ho_so'"):
        clean_study(load_study(toml), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_export_headed_by_the_codebooks_own_labels_is_read():
    from satisfaction.ingest import load_codebook
    from satisfaction.ingest.readers import header_map

    known = header_map(load_codebook("cases"))
    assert known["kenhnophoso"] == "channel"  # label_vi "Kênh nộp hồ sơ", not among the source_columns
    assert known["channelofsubmission"] == "channel" and known["mahoso"] == "case_id"


def test_no_output_is_written_over_an_input(tmp_path):
    import shutil
    import subprocess
    import sys

    from satisfaction.errors import SatisfactionError
    from satisfaction.ingest import clean_file, write_cleaned

    export = tmp_path / "khao_sat_2024.parquet"
    read_export(example("khao_sat_2024_sample.xlsx")).drop(columns="source_row").astype(str).to_parquet(export)
    before = export.read_bytes()
    run = subprocess.run([sys.executable, "-m", "satisfaction", "clean", str(export), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0 and "would overwrite this input file" in run.stderr and "Traceback" not in run.stderr
    assert export.read_bytes() == before
    twin = tmp_path / "other" / "khao_sat_2024.xlsx"
    twin.parent.mkdir()
    shutil.copy(example("khao_sat_2024_sample.xlsx"), twin)
    run = subprocess.run([sys.executable, "-m", "satisfaction", "clean", str(export), str(twin), "--out",
                          str(tmp_path / "o")], capture_output=True, text=True, timeout=300)
    assert run.returncode != 0 and "share the name" in run.stderr and not (tmp_path / "o").exists()
    # a study whose wave is a file the processed data would be written as
    survey = tmp_path / "processed" / "survey.parquet"
    survey.parent.mkdir()
    shutil.copy(export, survey)
    with pytest.raises(SatisfactionError, match="would overwrite this input file"):
        write_cleaned([("survey", survey, clean_file(survey, wave=2024))], survey.parent)
    assert survey.read_bytes() == before


def test_columns_of_personal_data_are_withheld_whole_wherever_they_would_be_copied(tmp_path):
    from satisfaction.cli import main
    from satisfaction.ingest import clean_file, load_codebook

    names, phones = ["Nguyễn Văn An", "Trần Thị Bích Ngọc"], ["0917 462 358", "84912738465"]
    path = tmp_path / "don_thu_2024.csv"
    path.write_text("Số đơn,Ngày nhận đơn,Đơn vị,Nội dung phản ánh,Họ và tên,Điện thoại,Địa chỉ,Ghi chú\n"
                    f"1,05/03/2024,Quận Ba Đình,Rác thải,{names[0]},{phones[0]},12 Hàng Bông,ok\n"
                    f"1,06/03/2024,Quận Tây Hồ,Đèn hỏng,{names[1]},{phones[1]},số 5 ngõ 7,gọi chị Trần Ngọc\n",
                    encoding="utf-8")
    result = clean_file(path, kind="petitions")
    assert len(result.quarantine) == 2  # one petition number, two petitions: both quarantined
    q = result.quarantine
    assert q["Họ và tên"].tolist() == ["[HỌ TÊN]"] * 2 and q["Điện thoại"].tolist() == ["[SĐT]"] * 2
    assert q["Địa chỉ"].tolist() == ["[ĐỊA CHỈ]"] * 2 and q["Ghi chú"].tolist() == ["ok", "gọi chị [HỌ TÊN]"]
    steps = result.log[result.log["step"] == "withhold_personal_column"]
    assert set(steps["variable"]) == {"Họ và tên", "Điện thoại", "Địa chỉ"}
    # a study's codebook that keeps the respondent's name as a text variable: withheld in the clean data too
    cb = load_codebook("petitions")
    own = pd.concat([cb, pd.DataFrame([{**{c: "" for c in cb.columns}, "variable": "ho_ten", "label_vi": "Họ và tên",
                                        "label_en": "Full name", "type": "text", "required": "no",
                                        "source_columns": "Họ và tên"}])], ignore_index=True)
    own.to_csv(tmp_path / "codebook.csv", index=False)
    kept = clean_file(path, kind="petitions", codebook=tmp_path / "codebook.csv")
    assert set(kept.quarantine["ho_ten"]) == {"[HỌ TÊN]"}
    # init shows three values of each unmatched column in the study file: not these
    folder = tmp_path / "study"
    survey = tmp_path / "khao_sat_2024.csv"
    raw = read_export(example("khao_sat_2024_sample.xlsx")).head(20).drop(columns="source_row")
    raw = raw.assign(**{"Họ tên người trả lời": names[0], "Số điện thoại": phones[0]})
    raw.to_csv(survey, index=False)
    assert main(["init", str(folder), "--from", str(survey)]) == 0
    text = (folder / "study.toml").read_text(encoding="utf-8")
    assert "Họ tên người trả lời" in text and "[HỌ TÊN] (withheld: personal data)" in text
    for secret in [names[0], "917", "462"]:
        assert secret not in text, secret


def test_a_header_written_twice_is_kept_as_two_columns_unless_it_is_a_variable(tmp_path):
    from satisfaction.errors import SatisfactionError
    from satisfaction.ingest import clean_file, load_codebook, read

    head = "Mã phiếu,Quận/huyện,Phường/xã,Mã địa bàn,Trọng số,Ghi chú,Ghi chú\n"
    path = tmp_path / "khao_sat_2024.csv"
    path.write_text(head + "HN-1,Quận Ba Đình,Phường Phúc Xá,00001,1.5,a,0912345678\n", encoding="utf-8")
    assert read(path).columns.tolist()[-2:] == ["Ghi chú", "Ghi chú (2)"]
    assert read(path, codebook=load_codebook()).columns.tolist()[-2:] == ["Ghi chú", "Ghi chú (2)"]
    assert clean_file(path).accounting["rows_clean"] == 1
    path.write_text(head.replace("Ghi chú,Ghi chú", "Trọng số,Ghi chú") + "HN-1,Quận Ba Đình,Phường Phúc Xá,00001,1.5,2,x\n",
                    encoding="utf-8")
    with pytest.raises(SatisfactionError, match="are both the codebook's 'weight'"):
        read(path, codebook=load_codebook())


def test_a_utf8_file_with_a_few_damaged_bytes_is_read_as_utf8_and_says_so(tmp_path):
    from satisfaction.ingest import clean_file, read

    head = "Mã phiếu,Quận/huyện,Phường/xã,Mã địa bàn,Trọng số\n".encode()
    rows = "".join(f"HN-{i},Quận Ba Đình,Phường Phúc Xá,00001,1.5\n" for i in range(5)).encode()
    path = tmp_path / "khao_sat_2024.csv"
    path.write_bytes(head + rows + b"HN-9,Qu\xe1\xba\xadn T\xff\xfey H\xe1\xbb\x93,Ph\xc6\xb0\xe1\xbb\x9dng Ph\xc3\xbac X\xc3\xa1,00001,1.5\n")
    table = read(path)
    assert table.attrs["source"]["encoding"] == "utf-8" and table.attrs["source"]["damaged_bytes"] == 2
    assert table.columns[1] == "Mã phiếu"  # not read as a legacy encoding with every header garbled
    log = clean_file(path).log.set_index("step")
    assert log.at["damaged_bytes", "count"] == 2
