"""Properties over generated hostile input: every class of #15, not only the quoted cases.

Each property says what must hold for any input of its class: a reader either returns a table or raises
a ``SatisfactionError`` naming the file (never another exception); cleaning accounts for every row; no
planted personal datum and no formula cell reaches a written file; numbers written the Vietnamese way read
as the number; a register revised in any order keeps one version per record; a workbook's extent is found
whatever the cells' order and references.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from satisfaction.errors import SatisfactionError
from satisfaction.ingest import _bounds, clean_file, load_codebook, reconcile_registers
from satisfaction.ingest.cleaning import _number
from satisfaction.ingest.readers import read
from satisfaction.ingest.records import clean_cases

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------------------------------------------------------
# any bytes, under any name: a table or a SatisfactionError naming the file

MAGIC = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"$FL2@(#) ", b"$FL3", b"<stata_dta>", b"PAR1",
         b"\xef\xbb\xbf", b"\xff\xfe", b"\x72\x02", b"Ma phieu,Trong so\r\n"]
SUFFIXES = [".csv", ".xlsx", ".xls", ".sav", ".dta", ".parquet", ".txt", ".tsv"]


@SETTINGS
@given(st.sampled_from(MAGIC), st.binary(max_size=600), st.sampled_from(SUFFIXES))
def test_any_bytes_under_any_name_give_a_table_or_a_clear_error(magic, body, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export{suffix}"
        path.write_bytes(magic + body)
        try:
            table = read(path)
        except SatisfactionError as err:
            assert str(err).startswith(path.name), str(err)
        else:
            assert isinstance(table, pd.DataFrame) and "source_row" in table.columns


HEADERS = ["Mã phiếu,Quận/huyện,Phường/xã,Mã địa bàn,Trọng số,Hài lòng chung", "Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả",
           "Số thư,Loại thư,Đơn vị gửi thư,Ngày gửi", "Số đơn,Ngày nhận đơn,Đơn vị,Nội dung phản ánh",
           "Năm,Đơn vị,Tỷ lệ hồ sơ trực tuyến (%)"]


ODD_CELLS = st.one_of(st.sampled_from(["", "1", "-1", "4.0", "inf", "nan", "1e400", "Hà Nội", "Q. Ba Đình", "05/03/2024",
                                      "99/99/9999", "Rất hài lòng", "=1+1", "\x00", "\u200b", "NULL", "#N/A", "TRUE"]),
                      st.text(max_size=12))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(HEADERS), st.lists(st.lists(ODD_CELLS, min_size=1, max_size=7), min_size=1, max_size=12),
       st.sampled_from(["survey", "cases", "letters", "petitions", "reports"]), st.sampled_from([",", ";", "\t"]))
def test_any_table_under_any_kind_is_cleaned_or_refused_clearly(header, rows, kind, sep):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep)
    writer.writerow(header.split(","))
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export_2024.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        try:
            result = clean_file(path, kind=kind)
        except SatisfactionError as err:
            assert str(err).startswith(path.name), str(err)
            return
        a = result.accounting
        assert a["rows_in"] == a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"]


# ---------------------------------------------------------------------------------------------------------------
# hostile cells in a register: rows accounted for, nothing personal and no formula written

PHONES = ["0917462358", "(+84) 917 462 358", "84912738465", "sdt0968257413", "024.3845.2917", "(024) 3791 5826"]
IDS = ["001085012347", "001 085 012 347", "0010 8501 2348", "012 847 365"]
FORMULAS = ['=HYPERLINK("http://x","Bấm")', "=cmd|' /C calc'!A0", "+1+2", "@SUM(A1)", "-2+3", "\t=1"]
CELLS = st.one_of(st.sampled_from(["", "Hồ sơ đất đai", "ok", "Phường Phúc Xá", "1.234,5", "97,5%", "-1", "∞"]),
                  st.sampled_from(FORMULAS), st.text(alphabet="aăâđêôơư 0123456789,.;\"'\n", max_size=25))


@st.composite
def petitions(draw):
    n = draw(st.integers(1, 12))
    rows, planted = [], []
    # half the registers have only readable dates, so that most of them reach the writing of outputs (one
    # unreadable date in a few rows refuses the file: the codebook would not describe it)
    readable = draw(st.booleans())
    received = ["05/03/2024", "45356", "05/08/2025", "2024-03-05"] + ([] if readable else ["2024-13-01", ""])
    answered = ["", "15/03/2024", "2024-03-20"] + ([] if readable else ["x"])
    for i in range(n):
        pii = draw(st.sampled_from(PHONES + IDS))
        where = draw(st.sampled_from(["text", "unknown", "none"] + ([] if readable else ["answered"])))
        cells = {"Số đơn": draw(st.sampled_from([f"D-{i}", "D-0", ""])),
                 "Ngày nhận đơn": draw(st.sampled_from(received)),
                 "Ngày trả lời": draw(st.sampled_from(answered)),
                 "Đơn vị": draw(st.sampled_from(["Quận Ba Đình", "Q. Ba Đình", "Phường Ba Đình", "Nơi khác", ""])),
                 "Lĩnh vực": draw(st.sampled_from(["1", "Đất đai", ""] + ([] if readable else ["9"]))),
                 "Nội dung phản ánh": draw(CELLS), "Ghi chú": draw(CELLS)}
        if where == "text":
            cells["Nội dung phản ánh"] += f" liên hệ {pii}"
        elif where == "unknown":
            cells["Ghi chú"] = f"gọi {pii}"
        elif where == "answered":
            cells["Ngày trả lời"] = pii
        if where != "none":
            planted.append(pii)
        rows.append(cells)
    return pd.DataFrame(rows), planted


@SETTINGS
@given(petitions(), st.sampled_from(["utf-8", "utf-16", "cp1258"]), st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_hostile_register_is_accounted_for_and_leaks_nothing(generated, encoding, newline):
    frame, planted = generated
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "don_thu.csv"
        text = frame.to_csv(index=False, lineterminator="\n").replace("\n", newline)
        try:
            path.write_bytes(text.encode(encoding))
        except UnicodeEncodeError:  # Windows-1258 has no precomposed "ấ": such an office would write UTF-16
            path.write_bytes(text.encode("utf-16"))
        try:
            result = clean_file(path, kind="petitions")
        except SatisfactionError as err:
            message = str(err)
            event("refused: " + message.split(": ", 1)[-1][:40])
            assert message.startswith(path.name)
            assert not any(re.sub(r"\D", "", p) in re.sub(r"\D", "", message) for p in planted), message
            return
        a = result.accounting
        event(f"cleaned ({'some' if a['rows_clean'] else 'no'} clean rows)")
        assert a["rows_in"] == a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"]
        from satisfaction.ingest import write_result

        files = write_result(result, Path(tmp) / "out", "don_thu")
        written = "".join(p.read_text(encoding="utf-8-sig") for p in files.values() if p.suffix == ".csv")
        written += pd.read_parquet(files["data"]).astype(str).to_csv()
        digits = re.sub(r"\D", "", written)
        for pii in planted:
            assert re.sub(r"\D", "", pii) not in digits, pii
        for p in files.values():
            if p.suffix == ".csv":
                table = pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False)
                for column in [*table.columns, *(table[c] for c in table.columns)]:
                    cells = pd.Series([column]) if isinstance(column, str) else column
                    assert not cells.str.match(r"^[=+@\t\r]").any()
                    assert not cells[~cells.str.fullmatch(r"-?[\d.]+(e-?\d+)?")].str.startswith("-").any()


# ---------------------------------------------------------------------------------------------------------------
# numbers written the Vietnamese way


@SETTINGS
@given(st.decimals(min_value=-10**7, max_value=10**7, places=2, allow_nan=False), st.sampled_from(["vi", "en", "space"]),
       st.booleans())
def test_a_number_in_any_office_format_reads_as_the_number(value, style, percent):
    english = f"{value:,.2f}"
    written = {"vi": english.replace(",", "_").replace(".", ",").replace("_", "."), "en": english,
               "space": english.replace(",", " ").replace(".", ",")}[style]
    if percent:
        written += "%"
    assert abs(_number(written) - float(value)) < 1e-9


# ---------------------------------------------------------------------------------------------------------------
# a register revised and appended, in any order


CB_CASES = load_codebook("cases")


@st.composite
def revised_register(draw):
    n = draw(st.integers(1, 5))
    rows = []
    for i in range(n):
        received = f"0{1 + i % 8}/03/2024"
        versions = draw(st.integers(1, 3))
        for v in range(versions):
            returned = "" if v == 0 else f"{10 + v + i % 5}/03/2024"
            rows.append({"case_id": f"HS-{i}", "district_name": draw(st.sampled_from(["Quận Ba Đình", "Q. Ba Đình"])),
                         "received": received, "due": "15/03/2024", "returned": returned,
                         "status": "4" if v == 0 else "1", "_version": v})
    order = draw(st.permutations(range(len(rows))))  # appended revisions are later; a shuffle is not
    split = draw(st.integers(0, len(rows)))
    return [rows[j] for j in sorted(order[:split])], [rows[j] for j in sorted(order[split:])]


def _register(rows):
    raw = pd.DataFrame([{k: v for k, v in r.items() if k != "_version"} for r in rows],
                       columns=["case_id", "district_name", "received", "due", "returned", "status"], dtype=object)
    raw.insert(0, "source_row", range(2, len(raw) + 2))
    return raw


@SETTINGS
@given(revised_register())
def test_each_record_is_kept_once_in_its_last_version(parts):
    first, later = parts
    results = [(f"ho_so_{i}.csv", clean_cases(_register(rows))) for i, rows in enumerate((first, later))]
    reconcile_registers("cases", results)
    kept = pd.concat([r.data for _, r in results], ignore_index=True)
    assert kept["case_id"].is_unique
    everything = first + later
    for _, r in results:
        a = r.accounting
        assert a["rows_in"] == a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"]
    for case in {r["case_id"] for r in everything}:
        # the version written last: the later file's last row of the case, else the first file's
        last = [r for r in later if r["case_id"] == case] or [r for r in first if r["case_id"] == case]
        got = kept[kept["case_id"] == case]
        assert len(got) == 1
        expected = pd.to_datetime(last[-1]["returned"], dayfirst=True) if last[-1]["returned"] else pd.NaT
        assert (pd.isna(got["returned"].iat[0]) and pd.isna(expected)) or got["returned"].iat[0] == expected


# ---------------------------------------------------------------------------------------------------------------
# a workbook's extent, whatever the cells' order and references


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 3000), st.integers(1, 400)), min_size=1, max_size=30, unique=True),
       st.booleans())
def test_the_extent_of_a_sheet_is_its_farthest_cell(cells, type_first):
    from test_bounds import _book, _cell

    rows: dict[int, list[int]] = {}
    for r, c in cells:
        rows.setdefault(r, []).append(c)
    xml = "".join(f'<row r="{r}">' + "".join(_cell(f"{_bounds.column_letters(c)}{r}", "v", not type_first)
                                             for c in sorted(cs)) + "</row>" for r, cs in sorted(rows.items()))
    with tempfile.TemporaryDirectory() as tmp:
        path = _book(Path(tmp) / "x.xlsx", xml)
        extent = _bounds.check_workbook(path)["Dữ liệu"]
        assert extent == (max(r for r, _ in cells), max(c for _, c in cells))
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
