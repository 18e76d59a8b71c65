"""Numbers as offices write them: Vietnamese and English grouping, spaces, percent signs, a Unicode minus."""

from __future__ import annotations

import pytest

from satisfaction.ingest import clean_file

HEADER = "Mã phiếu,Quận/huyện,Phường/xã,Mã địa bàn,Trọng số,Tuổi,Thời gian chờ (phút)\n"


@pytest.mark.parametrize("written, value", [
    ('"1.234,5"', 1234.5), ('"1,234.5"', 1234.5), ("1.234.567", 1234567.0), ('"1 234,5"', 1234.5),
    ('"4,5"', 4.5), ("4.5", 4.5), ('"97,5%"', 97.5), ("2.500.000", 2500000.0),
])
def test_weights_in_every_written_form(tmp_path, written, value):
    path = tmp_path / "khao_sat_2024.csv"
    path.write_text(HEADER + f"HN-1,Quận Ba Đình,Phường Phúc Xá,00001,{written},40,15\n", encoding="utf-8")
    result = clean_file(path, wave=2024)
    assert result.data["weight"].iloc[0] == pytest.approx(value)


def test_a_malformed_grouping_is_not_a_number(tmp_path):
    path = tmp_path / "khao_sat_2024.csv"
    rows = "".join(f"HN-{i},Quận Ba Đình,Phường Phúc Xá,00001,{w},40,15\n" for i, w in enumerate(["1.5"] * 30 + ["1.2.3"]))
    result = clean_file(path if path.write_text(HEADER + rows, encoding="utf-8") else path, wave=2024)
    assert len(result.data) == 30 and result.quarantine["column"].tolist() == ["weight"]


def test_a_petition_names_the_same_district_however_it_is_abbreviated():
    """After 2025-07-01 'Quận Ba Đình' and 'Q. Ba Đình' are one unit (the former district), 'Phường Ba Đình'
    the new ward, and a bare 'Ba Đình' is read by the date (the new ward)."""
    import pandas as pd

    from satisfaction.ingest.records import clean_petitions

    names = ["Quận Ba Đình", "Q. Ba Đình", "Q.Ba Đình", "quan ba dinh", "Phường Ba Đình", "P. Ba Đình", "Ba Đình"]
    raw = pd.DataFrame({"petition_id": [str(i) for i in range(len(names))], "received": ["05/08/2025"] * len(names),
                        "unit_name": names})
    out = clean_petitions(raw).data.set_index("unit_name")
    assert out.loc[names[:4], "district_code"].tolist() == ["001"] * 4
    assert out.loc[names[4:], "new_ward"].tolist() == ["Phường Ba Đình"] * 3
    before = clean_petitions(raw.assign(received="05/03/2024")).data.set_index("unit_name")
    assert before.loc["Ba Đình", "district_code"] == "001"


def test_a_read_only_output_folder_gets_a_message_not_a_traceback(tmp_path, capsys):
    import os

    from satisfaction.cli import main
    from satisfaction.datasets import example

    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o500)
    try:
        if os.access(out, os.W_OK):  # running as root: permissions are not enforced
            pytest.skip("the folder stays writable for this user (root)")
        assert main(["clean", str(example("ho_so_2024_sample.csv")), "--kind", "cases", "--out", str(out)]) == 2
        assert "permission denied" in capsys.readouterr().err
    finally:
        os.chmod(out, 0o700)


@pytest.mark.parametrize("error, words", [(PermissionError(13, "Permission denied", "out/x.csv"), "permission denied"),
                                          (OSError(28, "No space left on device", "out/x.csv"), "disk is full")])
def test_write_failures_are_named_with_the_way_out(monkeypatch, capsys, error, words):
    from satisfaction import cli

    def fail(args):
        raise error

    monkeypatch.setattr(cli, "_clean", fail)
    assert cli.main(["clean", "x.csv", "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert words in err and "out/x.csv" in err and "Traceback" not in err


def test_a_codebook_that_is_not_utf8_is_named_as_such(tmp_path):
    from satisfaction.errors import SatisfactionError
    from satisfaction.ingest import load_codebook

    path = tmp_path / "cb.csv"
    path.write_bytes("variable,label_vi\nq1,Hài lòng\n".encode("utf-16-le"))  # a UTF-16 file saved by a spreadsheet
    with pytest.raises(SatisfactionError, match="not UTF-8 text.*CSV UTF-8"):
        load_codebook(path)


def test_percent_formatted_cells_are_read_as_the_sheet_shows_them(tmp_path):
    import openpyxl

    from satisfaction.ingest import clean_file

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Báo cáo năm"])  # a title row above the header
    ws.append(["Năm", "Đơn vị", "Tỷ lệ hồ sơ trực tuyến (%)", "Tỷ lệ hồ sơ đúng hạn (%)",
               "Tỷ lệ hài lòng tự đánh giá (%)"])
    ws.append([2024, "Quận Ba Đình", 0.8716, 94.31, 0.991])
    ws.append([2024, "Quận Tây Hồ", 0.5, 90, "=A3/A3"])
    ws.append([2024, "Quận Cầu Giấy", 0.25, 80, 0.9])
    ws["C3"].number_format = "0.0%"  # shown 87.2%: the value is 0.8716
    ws["C4"].number_format = "0%"  # built-in percent format
    ws["D3"].number_format = '0.00" %"'  # a literal sign: 94.31 shown "94.31 %", no percentage
    ws["E3"].number_format = "0.0%"
    ws["E4"].number_format = "0.0%"  # a formula: openpyxl caches no value, so it reads blank
    ws["C5"].number_format = "0%"
    wb.save(tmp_path / "bao_cao.xlsx")
    result = clean_file(tmp_path / "bao_cao.xlsx", kind="reports")
    data = result.data.set_index("district_name")
    assert data.at["Quận Ba Đình", "online_pct"] == pytest.approx(87.16)
    assert data.at["Quận Ba Đình", "ontime_pct"] == pytest.approx(94.31)
    assert data.at["Quận Ba Đình", "self_reported_pct"] == pytest.approx(99.1)
    log = result.log.set_index("step")
    assert data.at["Quận Cầu Giấy", "online_pct"] == pytest.approx(25.0)
    assert data.at["Quận Cầu Giấy", "self_reported_pct"] == pytest.approx(0.9)  # no percent format: as stored
    assert log.at["percent_cells_as_shown", "count"] == 4
    # the formula in E4 has no saved value: its row is quarantined, not read as a blank answer
    q = result.quarantine.set_index("source_row")
    assert q.at[4, "reason"] == "uncached_formula" and q.at[4, "column"] == "self_reported_pct"
    assert "Quận Tây Hồ" not in data.index and log.at["uncached_formula", "count"] == 1
