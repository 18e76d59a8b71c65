"""Readers stay within a memory bound: hostile workbooks and oversized files are refused before parsing.

Each hostile workbook is built here from its XML parts, so the test shows exactly what it defends.
Limits are lowered with monkeypatch where the real one would need a gigabyte; the sparse-grid case runs
at the real limits, since that is the one that used to abort the process.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from satisfaction.errors import SatisfactionError
from satisfaction.ingest import _bounds
from satisfaction.ingest.readers import read, read_sheets

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
    '+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook {NS} xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _cell(ref, value, first=True):
    ref_attr = f'r="{ref}"' if ref else ""
    attrs = f'{ref_attr} t="inlineStr"' if first else f't="inlineStr" {ref_attr}'
    return f"<c {attrs}><is><t>{value}</t></is></c>"


def _book(path, rows_xml, *, prolog="", extra=None):
    sheet = f'<?xml version="1.0"?>{prolog}<worksheet {NS}><sheetData>{rows_xml}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def _table():
    return ('<row r="1">' + _cell("A1", "Mã phiếu") + _cell("B1", "Trọng số") + "</row>"
            '<row r="2">' + _cell("A2", "HN-1") + _cell("B2", "1.5") + "</row>")


def test_an_ordinary_workbook_passes_the_checks(tmp_path):
    df = read(_book(tmp_path / "a.xlsx", _table()))
    assert df.columns.tolist() == ["source_row", "Mã phiếu", "Trọng số"] and df.iat[0, 1] == "HN-1"
    assert _bounds.check_workbook(tmp_path / "a.xlsx") == {"Dữ liệu": (2, 2)}


@pytest.mark.parametrize("first", [True, False], ids=["reference-first", "reference-after-type"])
def test_a_cell_at_the_far_corner_of_the_grid_is_refused_not_an_abort(tmp_path, first):
    stray = '<row r="1048576">' + _cell("XFD1048576", "x", first) + "</row>"
    path = _book(tmp_path / "sparse.xlsx", _table() + stray)
    with pytest.raises(SatisfactionError, match=r"1,048,576 rows x 16,384 columns \(to cell XFD1048576\)") as err:
        read(path)
    assert "sheet 'Dữ liệu'" in str(err.value)
    with pytest.raises(SatisfactionError, match="16,384 columns"):
        read_sheets(path)


def test_cells_without_references_are_placed_by_their_order(tmp_path, monkeypatch):
    monkeypatch.setattr(_bounds, "MAX_CELLS", 2_000)
    wide = "<row>" + "".join(_cell(None, j) for j in range(300)) + "</row>"
    path = _book(tmp_path / "wide.xlsx", wide + "<row>" + _cell(None, "a") + "</row>" * 1 + "<row/>" * 3)
    extents = _bounds.check_workbook(path)
    assert extents["Dữ liệu"][1] == 300
    with pytest.raises(SatisfactionError, match="300 columns"):
        _book(tmp_path / "wide2.xlsx", wide + '<row r="10">' + _cell("A10", "b") + "</row>")
        read(tmp_path / "wide2.xlsx")


def test_a_dimension_that_claims_the_whole_grid_is_not_believed(tmp_path):
    path = tmp_path / "dim.xlsx"
    _book(path, _table())
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert len(read(path)) == 1


BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>')
EXTERNAL = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, EXTERNAL, "<!doctype x>"], ids=["laughs", "external", "lower"])
@pytest.mark.parametrize("where", ["sheet", "shared-strings"])
def test_xml_that_declares_entities_is_refused(tmp_path, prolog, where):
    if where == "sheet":
        path = _book(tmp_path / "e.xlsx", _table(), prolog=prolog)
        part = "sheet 'Dữ liệu'"
    else:
        sst = f'<?xml version="1.0"?>{prolog}<sst {NS} count="1" uniqueCount="1"><si><t>&lol2;</t></si></sst>'
        path = _book(tmp_path / "e.xlsx", _table(), extra={"xl/sharedStrings.xml": sst})
        part = "part xl/sharedStrings.xml"
    with pytest.raises(SatisfactionError, match="declares a DTD or entities") as err:
        read(path)
    assert part in str(err.value)


def test_a_part_that_inflates_beyond_the_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(_bounds, "MAX_INFLATED_BYTES", 1 << 20)
    big = '<row r="1">' + _cell("A1", "x" * (2 << 20)) + "</row>"
    path = _book(tmp_path / "bomb.xlsx", big)
    assert path.stat().st_size < 20_000  # a few kilobytes that unpack to two megabytes
    with pytest.raises(SatisfactionError, match="inflates to more than 1 MiB"):
        read(path)


def test_a_zip_that_lies_about_its_sizes_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(_bounds, "MAX_INFLATED_BYTES", 1 << 20)
    path = _book(tmp_path / "liar.xlsx", '<row r="1">' + _cell("A1", "x" * (3 << 20)) + "</row>")
    data = bytearray(path.read_bytes())
    # rewrite the sheet's declared uncompressed size (local header and central directory) to 1,000 bytes
    name = b"xl/worksheets/sheet1.xml"
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + off:at + off + 4] = struct.pack("<I", 1000)
            at += 4
    path.write_bytes(bytes(data))
    with pytest.raises(SatisfactionError, match="not a readable Excel workbook|inflates"):
        read(path)


def test_an_encrypted_zip_is_named_as_such(tmp_path):
    path = _book(tmp_path / "enc.xlsx", _table())
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 8] |= 0x1  # the general-purpose flag "encrypted" of the first member
    path.write_bytes(bytes(data))
    with pytest.raises(SatisfactionError, match="encrypted"):
        read(path)


def test_a_text_file_beyond_the_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(_bounds, "MAX_TEXT_BYTES", 1_000)
    path = tmp_path / "big.csv"
    path.write_text("a,b\n" + "1,2\n" * 500, encoding="utf-8")
    with pytest.raises(SatisfactionError, match="more than the 0 MiB|MiB read into memory"):
        read(path)
    monkeypatch.setattr(_bounds, "MAX_TEXT_BYTES", 1 << 20)
    monkeypatch.setattr(_bounds, "MAX_CELLS", 500)
    with pytest.raises(SatisfactionError, match=r"501 rows x 2 columns"):
        read(path)


@pytest.mark.parametrize("ext", ["sav", "dta", "parquet"])
def test_labelled_files_declaring_more_cells_than_the_bound_are_refused(tmp_path, monkeypatch, ext):
    import pyreadstat

    df = pd.DataFrame({"a": range(100), "b": range(100)})
    path = tmp_path / f"x.{ext}"
    {"sav": pyreadstat.write_sav, "dta": pyreadstat.write_dta}.get(ext, lambda d, p: d.to_parquet(p))(df, path)
    assert len(read(path)) == 100
    monkeypatch.setattr(_bounds, "MAX_CELLS", 150)
    with pytest.raises(SatisfactionError, match="100 rows x 2 columns"):
        read(path)


def test_the_command_line_refuses_a_hostile_workbook_with_a_message(tmp_path):
    stray = '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>"
    path = _book(tmp_path / "khao_sat_2024.xlsx", _table() + stray)
    run = subprocess.run([sys.executable, "-m", "satisfaction", "clean", str(path), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "XFD1048576" in run.stderr + run.stdout
