"""Reading within a memory and time bound: what a file is checked for before a parser sees it.

A workbook is a zip of XML parts, and three kinds of hostile workbook hurt a reader that trusts it: a
part that inflates to gigabytes from a few kilobytes (a zip bomb), XML that declares entities
(the "billion laughs" and external-entity tricks: a spreadsheet never needs a DTD), and a sheet whose
cells sit at both ends of the grid (A1 and XFD1048576), which calamine and pandas turn into a dense grid
of 17 billion cells and the process aborts rather than raising. :func:`check_workbook` streams every
part once, counting inflated bytes against :data:`MAX_INFLATED_BYTES` (the sizes a zip declares can lie,
so the bytes are counted as they come), refuses any ``<!DOCTYPE``/``<!ENTITY``, and finds each sheet's
real extent from its cells' references, refused beyond :data:`MAX_CELLS`. Text files and the labelled
formats (SPSS, Stata, Parquet) are bounded by their size and their declared rows x columns
(:func:`check_labelled`). The limits are module constants: a study with a genuinely larger file can
raise them, or save it as Parquet.

No library does this check for calamine: ``defusedxml`` guards Python's own XML parsers, which calamine
(Rust) does not use, and the zip bomb and sparse-grid cases are outside its scope.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from satisfaction.errors import SatisfactionError

#: The most bytes all the parts of a workbook may inflate to (1 GiB; a 100,000-row survey is about 150 MB).
MAX_INFLATED_BYTES = 1 << 30
#: The most cells (rows x columns of the grid a sheet spans) a reader builds: 50 million.
MAX_CELLS = 50_000_000
#: The largest text file read (it is decoded in memory): 512 MiB.
MAX_TEXT_BYTES = 512 << 20

_CHUNK = 1 << 20
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_CELL_COL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d+"')
_ROW_PLAIN = re.compile(rb'<row r="(\d+)"')
_CELL_PLAIN = re.compile(rb'<c r="([A-Z]{1,3})')
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Part name of each worksheet -> the sheet's name, read from the workbook and its relationships."""
    try:
        workbook = book.read("xl/workbook.xml")[:1 << 20].decode("utf-8", "replace")
        rels = book.read("xl/_rels/workbook.xml.rels")[:1 << 20].decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError):
        return {}
    target = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"',
                                                           rels)}
    target.update({m.group(2): m.group(1) for m in re.finditer(
        r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    out = {}
    for m in re.finditer(r'<sheet\b([^>]*)>', workbook):
        name, rid = re.search(r'\bname="([^"]*)"', m.group(1)), re.search(r'\br:id="([^"]*)"', m.group(1))
        if name and rid and rid.group(1) in target:
            part = target[rid.group(1)].lstrip("/")
            out[part if part.startswith("xl/") else "xl/" + part] = name.group(1)
    return out


def _scan_sheet(stream, budget: int, path: Path, part: str, sheet: str | None) -> tuple[int, int, int]:
    """Bytes read, the last row and the last column a worksheet part's cells reach."""
    read, max_row, max_col, tail = 0, 0, 0, b""
    row_run = cells_in_row = 0  # for cells written without a reference: their place is their order
    while chunk := stream.read(_CHUNK):
        read += len(chunk)
        if read > budget:
            _too_big(path, part, sheet)
        if read == len(chunk) and _DTD.search(chunk[:4096]):
            _dtd(path, part, sheet)
        data = tail + chunk
        cut = data.rfind(b">") + 1
        data, tail = data[:cut], data[cut:]
        if len(tail) > _CHUNK:  # one tag longer than a megabyte is not a cell reference: drop it
            tail = tail[-64:]
        # the usual writers put the reference first (<c r="B7" ...>): a byte count tells, and a plain pattern reads it
        n_cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
        plain = n_cells == data.count(b'<c r="') and b":c " not in data and b":row " not in data
        rows = (_ROW_PLAIN if plain and data.count(b"<row ") == data.count(b'<row r="') else _ROW).findall(data)
        if rows:
            max_row = max(max_row, max(map(int, rows)))
        cols = set((_CELL_PLAIN if plain else _CELL_COL).findall(data))
        if cols:
            max_col = max(max_col, max(column_number(c) for c in cols))
        if not plain and len(_ANY_CELL.findall(data)) != sum(1 for _ in _CELL_COL.finditer(data)):
            # some cells carry no reference: their place is their order, so count them row by row
            pieces = re.split(rb"<(?:\w+:)?row\b", data)
            cells_in_row += len(_ANY_CELL.findall(pieces[0]))
            for piece in pieces[1:]:
                row_run += 1
                cells_in_row = len(_ANY_CELL.findall(piece))
                max_col = max(max_col, cells_in_row)
            max_col = max(max_col, cells_in_row)
            max_row = max(max_row, row_run)
    return read, max_row, max_col


def _too_big(path: Path, part: str, sheet: str | None) -> None:
    where = f"sheet {sheet!r}" if sheet else f"part {part}"
    raise SatisfactionError(
        f"the workbook inflates to more than {MAX_INFLATED_BYTES >> 20} MiB when unpacked (at {where}): a zip bomb "
        "or a file far larger than a survey export; it was not read. If it is genuine, save it as CSV or Parquet",
        file=path)


def _dtd(path: Path, part: str, sheet: str | None) -> None:
    where = f"sheet {sheet!r}" if sheet else f"part {part}"
    raise SatisfactionError(
        f"the workbook's XML declares a DTD or entities (at {where}), which no spreadsheet program writes and "
        "which can expand to gigabytes or read other files: it was not read. Open it in Excel or LibreOffice and "
        "save it again as .xlsx", file=path)


def check_workbook(path: Path) -> dict[str, tuple[int, int]]:
    """Refuse a workbook that would exhaust memory; the extent (rows, columns) of each sheet otherwise.

    Parameters
    ----------
    path : pathlib.Path
        An XLSX file (a zip container).

    Returns
    -------
    dict of str to tuple of int
        Sheet name (or part name when the workbook does not say) -> (last row, last column) its cells
        reach.

    Raises
    ------
    SatisfactionError
        When the container is damaged or encrypted, inflates beyond :data:`MAX_INFLATED_BYTES`, holds XML
        with a DTD or entity declarations, or a sheet spans more than :data:`MAX_CELLS` cells.
    """
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SatisfactionError(f"not a readable Excel workbook: the zip container is damaged ({exc})",
                                file=path) from exc
    extents: dict[str, tuple[int, int]] = {}
    with book:
        names = sheet_parts(book)
        budget = MAX_INFLATED_BYTES
        for info in book.infolist():
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise SatisfactionError("the workbook's parts are encrypted (a zip password): remove the password "
                                        "in the program that made it and save it again", file=path)
            part = info.filename
            sheet = names.get(part)
            if info.file_size > budget:
                _too_big(path, part, sheet)
            try:
                with book.open(info) as stream:
                    if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                        used, rows, cols = _scan_sheet(stream, budget, path, part, sheet)
                        extents[sheet or part] = (rows, cols)
                        if rows * cols > MAX_CELLS:
                            raise SatisfactionError(
                                f"{'the sheet' if sheet else 'part ' + part} spans {rows:,} rows x {cols:,} columns (to cell "
                                f"{column_letters(cols)}{rows}): {rows * cols:,} cells, more than the "
                                f"{MAX_CELLS:,} a reader builds in memory. Delete the stray cells far from the "
                                "data (or save the data as CSV) and read it again", file=path, sheet=sheet)
                    else:
                        used = 0
                        while chunk := stream.read(_CHUNK):
                            if used == 0 and part.endswith((".xml", ".rels", ".vml")) and _DTD.search(chunk[:4096]):
                                _dtd(path, part, sheet)
                            used += len(chunk)
                            if used > budget:
                                _too_big(path, part, sheet)
            except SatisfactionError:
                raise
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as exc:
                raise SatisfactionError(f"not a readable Excel workbook: part {part} is damaged "
                                        f"({type(exc).__name__}: {exc})", file=path) from exc
            budget -= used
    return extents


def check_text(path: Path) -> None:
    """Refuse a text file larger than :data:`MAX_TEXT_BYTES` (it would be decoded in memory whole)."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise SatisfactionError(
            f"the text file is {size / 2**20:,.0f} MiB, more than the {MAX_TEXT_BYTES >> 20} MiB read into memory: "
            "split it, or save it as Parquet", file=path)


def check_labelled(path: Path, fmt: str) -> None:
    """Refuse an SPSS, Stata or Parquet file whose declared rows x columns exceed :data:`MAX_CELLS`.

    Only the file's metadata is read. A file whose metadata cannot be read is left to the reader, whose
    own error then names the damage.
    """
    rows = cols = None
    try:
        if fmt in ("sav", "dta"):
            import pyreadstat

            meta = (pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta)(path, metadataonly=True)[1]
            rows, cols = meta.number_rows, meta.number_columns
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            meta = pq.ParquetFile(path).metadata
            rows, cols = meta.num_rows, meta.num_columns
            inflated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            if inflated > MAX_INFLATED_BYTES:
                raise SatisfactionError(
                    f"the Parquet file unpacks to {inflated / 2**20:,.0f} MiB, more than the "
                    f"{MAX_INFLATED_BYTES >> 20} MiB read into memory", file=path)
    except SatisfactionError:
        raise
    except Exception:  # damaged metadata: the reader itself reports it
        return
    if rows is not None and cols is not None and rows > 0 and rows * cols > MAX_CELLS:
        raise SatisfactionError(f"the file declares {rows:,} rows x {cols:,} columns, more than the {MAX_CELLS:,} "
                                "cells read into memory", file=path)
