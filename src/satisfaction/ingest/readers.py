"""Reading files: the only module that knows file formats.

``read(path)`` reads CSV (UTF-8 with or without BOM, UTF-16, Windows-1258, and the legacy TCVN3 and
VNI encodings; ``,`` ``;`` tab or ``|`` separated), XLSX (header row found even below title rows, any
sheet), SPSS ``.sav`` (value labels applied, via pyreadstat), Stata ``.dta`` and Parquet, telling the
format from the file's content rather than its name. With a codebook it also renames the columns to
the codebook's canonical names, matching every header against the codebook's ``source_columns``
without regard to diacritics, case or punctuation. Values come back as they are in the file;
turning them into clean data is the cleaning module's job. Every row keeps ``source_row``, its row
number in the file as a spreadsheet shows it, so later messages can point at it.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

from satisfaction.errors import SatisfactionError
from satisfaction.ingest import _bounds
from satisfaction.vietnamese import ascii_key, decode_bytes

#: The timestamp written into every XLSX the project makes, so identical content gives identical bytes.
FIXED_TIME = datetime(2026, 1, 1)
#: How many rows at the top of a sheet are searched for the header row.
HEADER_SEARCH_ROWS = 30
_DELIMITERS = [",", ";", "\t", "|"]


def sniff_format(path: Path) -> str:
    """The format of a file from its first bytes: ``xlsx``, ``xls``, ``sav``, ``dta``, ``parquet`` or ``text``.

    Only the first 16 bytes are read. Any zip container counts as ``xlsx`` and any OLE2 compound
    file as ``xls``; SPSS is recognised by ``$FL2`` or ``$FL3``, Stata by the ``<stata_dta>`` tag or
    by the first two bytes of the older formats 113 to 115, Parquet by ``PAR1``. Every other file,
    tabular or not, is ``text``.

    Parameters
    ----------
    path : pathlib.Path
        The file to look at (a ``str`` is not converted).

    Returns
    -------
    str
        One of ``"xlsx"``, ``"xls"``, ``"sav"``, ``"dta"``, ``"parquet"`` or ``"text"``.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> sniff_format(example("khao_sat_2024_sample.xlsx")), sniff_format(example("ho_so_2024_sample.csv"))
    ('xlsx', 'text')
    """
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith((b"$FL2", b"$FL3")):
        return "sav"
    if head.startswith(b"<stata_dta>") or head[:1] in (b"\x72", b"\x73", b"\x71") and head[1:2] in (b"\x01", b"\x02"):
        return "dta"
    if head.startswith(b"PAR1"):
        return "parquet"
    return "text"


_EXPECTED = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".sav": "sav", ".dta": "dta", ".parquet": "parquet",
             ".csv": "text", ".txt": "text", ".tsv": "text"}


def header_map(codebook: pd.DataFrame) -> dict[str, str]:
    """Accent-insensitive key of every known raw header -> canonical variable name.

    A variable is known by its own name and by every header of its ``source_columns`` (separated by
    ``|``), each reduced to its :func:`satisfaction.vietnamese.ascii_key`, so that a header matches
    whatever its diacritics, case, spacing or punctuation. When two variables give the same key, the
    later one wins (:func:`satisfaction.ingest.codebook.load_codebook` refuses such a codebook). The
    variable's ``label_vi`` and ``label_en`` are known too, where no name or header already has their key.

    Parameters
    ----------
    codebook : pandas.DataFrame
        A codebook as :func:`satisfaction.ingest.codebook.load_codebook` returns it; its columns
        ``variable`` and ``source_columns`` are used.

    Returns
    -------
    dict of str to str
        The key of each header -> the variable's name.

    Examples
    --------
    >>> from satisfaction.ingest.codebook import load_codebook
    >>> known = header_map(load_codebook())
    >>> known["quanhuyen"], known["respid"]
    ('district_name', 'resp_id')
    """
    out: dict[str, str] = {}
    for var, sources in zip(codebook["variable"], codebook["source_columns"], strict=True):
        for head in [var, *sources.split("|")]:
            if head:
                out[ascii_key(head)] = var
    # an export whose headers are the codebook's own labels (a workbook the suite wrote, a form built from the
    # codebook): each label is known too, unless it is already another variable's header
    for column in ("label_vi", "label_en"):
        if column in codebook.columns:
            for var, label in zip(codebook["variable"], codebook[column], strict=True):
                if isinstance(label, str) and label.strip():
                    out.setdefault(ascii_key(label), var)
    return out


def _read_text(path: Path, encoding: str | None) -> tuple[pd.DataFrame, dict]:
    _bounds.check_text(path)
    data = path.read_bytes()
    if encoding is None and b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 without a byte-order mark: every other byte of Vietnamese or ASCII text is zero
        odd, even = data[1:4096:2].count(0), data[0:4096:2].count(0)
        if max(odd, even) > 0.3 * min(len(data), 4096) / 2:
            encoding = "utf-16-le" if odd > even else "utf-16-be"
        else:
            raise SatisfactionError("the file is not text (it holds binary bytes) and not a format the readers "
                                    "know (CSV, XLSX, XLS, SAV, DTA, Parquet)", file=path)
    text, used = decode_bytes(data, encoding)
    text = text.removeprefix("\ufeff")
    damaged = text.count("\ufffd") if used.startswith("utf-8") else 0
    # "CSV (Macintosh)" ends lines with CR alone; Windows with CR LF: one newline for the CSV reader
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\t")
    if control > 0.05 * min(len(text), 4096):
        raise SatisfactionError("the file is not text (it holds binary bytes) and not a format the readers "
                                "know (CSV, XLSX, XLS, SAV, DTA, Parquet)", file=path)
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        raise SatisfactionError("the file has no text rows", file=path)
    # the csv module refuses cells over 131,072 characters by default (a process-wide limit): raised to the
    # file's own size for this read only, then restored
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        # the separator that splits the most lines into the same, largest number of fields
        best = max(_DELIMITERS, key=lambda d: (min(len(next(csv.reader([ln], delimiter=d))) for ln in lines[-10:]),
                                               d == ","))
        rows = list(csv.reader(io.StringIO(text), delimiter=best))
    except csv.Error as exc:
        raise SatisfactionError(f"not a readable text table ({exc})", file=path) from exc
    finally:
        csv.field_size_limit(limit)
    for i, row in enumerate(rows):
        for cell in row:
            # a quote opened and never closed reads the rest of the file into one cell: refuse, rows would vanish
            if cell.count("\n") > 2 and cell.count(best) > 2:
                raise SatisfactionError("a quote (\") opened in this row is never closed, so the rows after it "
                                        "would be read as one cell: close or remove the quote", file=path, row=i + 1)
    width = max(len(r) for r in rows)
    if width * len(rows) > _bounds.MAX_CELLS:
        raise SatisfactionError(f"the file spans {len(rows):,} rows x {width:,} columns, more than the "
                                f"{_bounds.MAX_CELLS:,} cells read into memory: split it, or save it as Parquet",
                                file=path)
    table = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object).replace("", None)
    return table, {"encoding": used, "delimiter": best, **({"damaged_bytes": damaged} if damaged else {})}


def _read_table(path: Path, fmt: str, sheet: str | int | None, encoding: str | None) -> tuple[pd.DataFrame, dict]:
    """The file as a grid of cells (no header yet) and what was learnt reading it."""
    if fmt in ("xlsx", "xls"):
        if fmt == "xlsx":
            _bounds.check_workbook(path)  # a zip bomb, XML entities or a sparse giant grid: refused before calamine
        try:
            # calamine reads XLSX about ten times faster than openpyxl (0.6 s against 7 s for one wave)
            book = pd.ExcelFile(path, engine="calamine")
        except Exception as exc:  # a damaged workbook raises many kinds of errors
            raise SatisfactionError(f"not a readable Excel workbook ({exc})", file=path) from exc
        names = book.sheet_names
        if sheet is not None and sheet not in names and not (isinstance(sheet, int) and 0 <= sheet < len(names)):
            raise SatisfactionError(f"no sheet {sheet!r}; the workbook has {names}", file=path)
        visible = _visible_sheets(path, names)
        if sheet is None and not visible:
            raise SatisfactionError(f"every sheet of the workbook is hidden ({names}); unhide the data sheet or name "
                                    "it (--sheet)", file=path)
        # by default the first sheet a person sees: a hidden one is often an old copy or a lookup table
        chosen = visible[0] if sheet is None else sheet if isinstance(sheet, str) else names[sheet]
        extra = {"sheet": chosen}
        if sheet is None and chosen != names[0]:
            extra["hidden_sheets_skipped"] = [n for n in names[:names.index(chosen)]]
        grid = pd.read_excel(book, sheet_name=chosen, header=None, dtype=object)
        if fmt == "xlsx":
            extra.update(_sheet_cells(path, chosen, grid))
        return grid, extra
    if fmt == "text":
        return _read_text(path, encoding)
    raise AssertionError(fmt)  # other formats carry their own header


_PERCENT_BUILTIN = {9, 10}  # the built-in formats "0%" and "0.00%"


def _percent_styles(book: zipfile.ZipFile) -> set[int]:
    """Indices of the workbook's cell styles whose number format shows a percentage."""
    try:
        styles = book.read("xl/styles.xml").decode("utf-8", "replace")
    except KeyError:
        return set()
    formats = re.finditer(r'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', styles)
    custom = {int(m.group(1)): html.unescape(m.group(2)) for m in formats}
    # a % that is not quoted text ("0.0%" shows a percentage; '0.0" %"' and '0.0\%' show a literal sign)
    percent = {i for i, code in custom.items() if "%" in re.sub(r'"[^"]*"|\\.', "", code)} | _PERCENT_BUILTIN
    cell_xfs = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.S)
    if not cell_xfs:
        return set()
    ids = [int(m.group(1)) if m else 0 for m in (re.search(r'numFmtId="(\d+)"', xf.group(0))
                                                  for xf in re.finditer(r"<xf\b[^>]*>", cell_xfs.group(1)))]
    return {i for i, fmt_id in enumerate(ids) if fmt_id in percent}


def _sheet_cells(path: Path, sheet: str, grid: pd.DataFrame) -> dict:
    """What calamine's values do not say about a sheet's cells: fixes ``grid`` in place, returns what it found.

    calamine gives each cell's stored value, not its format or formula, so the sheet's XML is read once more
    (pandas pads the grid from A1, so a cell's reference is its place in ``grid``):

    - numbers in percent-formatted cells become what the sheet shows: 0.975 shown as 97.5% is 97.5, as the
      text ``97,5%`` is (``percent_cells``, a count);
    - a formula saved without its value (a workbook written by a script and never opened in a spreadsheet
      program) reads as blank, which is not a missing answer: its place is returned (``uncached_formulas``,
      0-based row and column of ``grid``) for the cleaning to quarantine.
    """
    with zipfile.ZipFile(path) as book:
        part = next((p for p, n in _bounds.sheet_parts(book).items() if n == sheet), None)
        if part is None:
            return {}
        data = book.read(part)
        styles = _percent_styles(book) if b' s="' in data else set()
    found: dict = {}
    if styles:
        changed = 0
        cells = re.compile(rb'<c\b([^>]*?)>\s*(?:<f\b[^>]*?(?:/>|>[^<]*</f>)\s*)?<v>([^<]*)</v>')
        for m in cells.finditer(data):
            attrs = m.group(1)
            style, ref = re.search(rb'\bs="(\d+)"', attrs), re.search(rb'\br="([A-Z]{1,3})(\d+)"', attrs)
            kind = re.search(rb'\bt="(\w+)"', attrs)
            if not style or not ref or int(style.group(1)) not in styles or (kind and kind.group(1) != b"n"):
                continue
            row, col = int(ref.group(2)) - 1, _bounds.column_number(ref.group(1)) - 1
            if row < grid.shape[0] and col < grid.shape[1]:
                value = grid.iat[row, col]
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    grid.iat[row, col] = round(float(value) * 100, 10)
                    changed += 1
        if changed:
            found["percent_cells"] = changed
    if b"<f" in data:
        empty = re.compile(rb'<c\b([^>]*?)>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
        places = []
        for m in empty.finditer(data):
            ref = re.search(rb'\br="([A-Z]{1,3})(\d+)"', m.group(1))
            if ref:
                places.append((int(ref.group(2)) - 1, _bounds.column_number(ref.group(1)) - 1))
        if places:
            found["uncached_formulas"] = places
    return found


def _visible_sheets(path: Path, names: list[str]) -> list[str]:
    """The workbook's visible worksheets, in order (all of them when visibility cannot be read)."""
    try:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(str(path))
        hidden = {m.name for m in book.sheets_metadata if str(m.visible).split(".")[-1].lower() != "visible"}
    except Exception:  # an old .xls or an unusual workbook: no visibility to go by
        return list(names)
    return [n for n in names if n not in hidden]


def read_sheets(path: str | Path) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook as a grid of cells (no header, values as stored), by sheet name.

    For workbooks with a layout of their own, such as the official PAPI workbook (two header rows).

    The workbook is read with the calamine engine; rows and columns are labelled from 0 and empty
    cells are NaN. Unlike :func:`read`, the content is not checked against the file's extension.

    Parameters
    ----------
    path : str or pathlib.Path
        The workbook (XLSX or XLS).

    Returns
    -------
    dict of str to pandas.DataFrame
        Sheet name -> the sheet's cells (object dtype), in the workbook's order.

    Raises
    ------
    SatisfactionError
        When the file does not exist or is not a readable workbook.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> sheets = read_sheets(example("so_thu_2024.xlsx"))
    >>> list(sheets), sheets["Sổ theo dõi thư"].iat[2, 0]
    (['Sổ theo dõi thư'], 'Số thư')
    """
    path = Path(path)
    if not path.is_file():
        raise SatisfactionError("the workbook does not exist", file=path)
    if sniff_format(path) == "xlsx":
        _bounds.check_workbook(path)
    try:
        return pd.read_excel(path, sheet_name=None, header=None, engine="calamine", dtype=object)
    except Exception as exc:  # a damaged workbook raises many kinds of errors
        raise SatisfactionError(f"not a readable Excel workbook ({exc})", file=path) from exc


def _labelled(path: Path, fmt: str) -> tuple[pd.DataFrame, dict]:
    """SPSS, Stata and Parquet files: columns named, value labels applied."""
    if fmt == "sav":
        import pyreadstat

        df, meta = pyreadstat.read_sav(path, apply_value_formats=True)
        labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
        return df, {"column_labels": labels}
    if fmt == "dta":
        with pd.io.stata.StataReader(path) as reader:
            df = reader.read(convert_categoricals=True)
            labels = reader.variable_labels()
        return df, {"column_labels": labels}
    return pd.read_parquet(path), {}


def _find_header(table: pd.DataFrame, known: dict[str, str] | None) -> int:
    top = table.head(HEADER_SEARCH_ROWS)
    if known:
        hits = top.apply(lambda r: sum(ascii_key(str(v)) in known for v in r if pd.notna(v)), axis=1)
    else:
        hits = top.notna().sum(axis=1)
    return int(hits.idxmax()) if len(hits) else 0


def read(path: str | Path, *, codebook: pd.DataFrame | None = None, sheet: str | int | None = None,
         encoding: str | None = None) -> pd.DataFrame:
    """Read a data file, whatever its format, into a DataFrame of raw values.

    The format comes from the content (:func:`sniff_format`), and a file whose extension names
    another format is refused (an ``.xls`` name on XLSX content excepted). In a workbook or a text file
    the header row is looked for among the first :data:`HEADER_SEARCH_ROWS` rows: with a codebook, the
    row holding the most known headers; without, the row with the most filled cells. Rows above it are
    ignored, empty rows below it dropped, and an empty header cell becomes ``unnamed_<j>`` (``j`` the
    0-based column). SPSS, Stata and Parquet files name their own columns; with a codebook, a column
    whose name is not a known header but which has a variable label is renamed to that label, which is
    then matched like a header.

    Parameters
    ----------
    path : str or pathlib.Path
        File to read (CSV/TXT, XLSX, XLS, SAV, DTA or Parquet; the content decides, not the name).
    codebook : pandas.DataFrame or None, optional
        When given, columns are renamed to its canonical variable names and its required
        variables must be present; unknown columns keep their raw header.
    sheet : str, int or None, optional
        The sheet of a workbook (name or 0-based index); the first by default. Ignored for other formats.
    encoding : str or None, optional
        Of a text file; detected when not given (see :func:`satisfaction.vietnamese.detect_encoding`).
        Ignored for other formats.

    Returns
    -------
    pandas.DataFrame
        The result has ``source_row`` first, and ``attrs["source"]`` says what was read and how.

        Values are of object dtype, as in the file: strings in a text file (empty fields ``None``),
        cell values in a workbook (empty cells NaN), stored values in SPSS, Stata and Parquet files
        (value labels applied for SPSS and Stata, missing values ``None``). ``source_row`` is the
        row's number as a spreadsheet shows it; in SPSS, Stata and Parquet files the first row is 2,
        the header counting as row 1. ``attrs["source"]`` is a dict with ``file`` (the file's name),
        ``format``, ``header_row`` (1-based) and, for a workbook, ``sheet``, or, for a text file,
        ``encoding`` and ``delimiter``. The index runs from 0.

    Raises
    ------
    SatisfactionError
        When the file does not exist, is empty or holds no data, its extension contradicts its
        content, it is not a readable workbook or lacks ``sheet``; with a codebook, also when two
        columns are the same variable or a required variable has no column.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> df = read(example("so_thu_thuong_tin_2024_tcvn3.csv"))
    >>> df.attrs["source"]["encoding"], df.columns[1], "Thư xin lỗi" in set(df["Loại thư"])
    ('tcvn3', 'Số thư', True)
    """
    path = Path(path)
    if not path.exists():
        raise SatisfactionError("file not found", file=path)
    if path.is_dir():
        raise SatisfactionError("this is a folder, not a file: name the export itself", file=path)
    if path.stat().st_size == 0:
        raise SatisfactionError("the file is empty (0 bytes)", file=path)
    fmt = sniff_format(path)
    with path.open("rb") as fh:
        head = fh.read(64)
    if b"ENCRYPTED" in head[:40]:
        raise SatisfactionError("the SPSS file is encrypted (saved with a password): save an unencrypted copy "
                                "from SPSS and read that", file=path)
    if fmt == "xls" and path.suffix.lower() in (".xlsx", ".xlsm"):
        raise SatisfactionError("the file is named .xlsx but is an OLE2 container: a password-protected workbook "
                                "or an old .xls renamed; remove the password, or save it as .xlsx, then read it",
                                file=path)
    expected = _EXPECTED.get(path.suffix.lower())
    if expected and expected != fmt and not (expected == "xls" and fmt == "xlsx"):
        raise SatisfactionError(f"the file is not what its extension says: the name ends in {path.suffix!r} "
                                f"but the content is {fmt}", file=path)
    known = header_map(codebook) if codebook is not None else None
    info: dict = {"file": path.name, "format": fmt}
    formulas: list[tuple[int, int]] = []
    if fmt in ("sav", "dta", "parquet"):
        _bounds.check_labelled(path, fmt)
        try:
            data, extra = _labelled(path, fmt)
        except SatisfactionError:
            raise
        except Exception as exc:  # pyreadstat, pandas' Stata reader and pyarrow each fail in their own way
            kind = {"sav": "SPSS (.sav)", "dta": "Stata (.dta)", "parquet": "Parquet"}[fmt]
            raise SatisfactionError(f"a damaged or incomplete {kind} file: it starts like one but cannot be read "
                                    f"({type(exc).__name__}: {str(exc)[:200]})", file=path) from exc
        labels = extra.pop("column_labels", {})
        if known:  # a column may be known by its name or by its label
            data = data.rename(columns={c: labels[c] for c in data.columns
                                        if ascii_key(str(c)) not in known and labels.get(c)})
        data = data.astype(object).where(data.notna(), None)
        data.insert(0, "source_row", range(2, len(data) + 2))
        header_row = 1
    else:
        table, extra = _read_table(path, fmt, sheet, encoding)
        if table.dropna(how="all").empty:
            raise SatisfactionError("the file has no data", file=path, sheet=extra.get("sheet"))
        header_row = _find_header(table, known)
        headers: list[str] = []
        for j, v in enumerate(table.iloc[header_row]):
            head = str(v).strip() if pd.notna(v) and str(v).strip() else f"unnamed_{j}"
            # a header written twice stays two columns; with a codebook, a variable's header twice is refused
            headers.append(head if known is not None else _unique(head, headers))
        data = table.iloc[header_row + 1:].copy()
        data.columns = headers
        formulas = [(r, c) for r, c in extra.pop("uncached_formulas", []) if r > header_row]
        data = data.dropna(how="all")
        data.insert(0, "source_row", data.index + 1)
        header_row += 1
    info.update(extra, header_row=header_row)
    if known is not None:
        data = _canonical(data, codebook, known, path, info)
    if formulas:
        # the cell's row as the spreadsheet numbers it, and its column as named now (codebook names included)
        info["uncached_formulas"] = [(r + 1, data.columns[c + 1]) for r, c in formulas if c + 1 < len(data.columns)]
    data = data.reset_index(drop=True)
    data.attrs["source"] = info
    return data


def _unique(name: str, taken) -> str:
    """``name`` if free, else ``name (2)``, ``name (3)``...: a header repeated in a file, kept apart."""
    k = 2
    while f"{name} ({k})" in taken:
        k += 1
    return name if name not in taken else f"{name} ({k})"


def _canonical(data: pd.DataFrame, codebook: pd.DataFrame, known: dict[str, str], path: Path,
               info: dict) -> pd.DataFrame:
    variables = set(codebook["variable"])
    names = [c if c == "source_row" else known.get(ascii_key(str(c)), str(c)) for c in data.columns]
    seen: dict[str, str] = {}
    for j, (raw, name) in enumerate(zip(data.columns, names, strict=True)):
        if name in seen and name != "source_row":
            if name in variables:
                raise SatisfactionError(f"two columns, {seen[name]!r} and {raw!r}, are both the codebook's "
                                        f"{name!r}", file=path, sheet=info.get("sheet"), row=info["header_row"])
            name = names[j] = _unique(name, seen)  # two "Ghi chú" the codebook does not know: both kept
        seen[name] = str(raw)
    data.columns = names
    required = codebook.loc[codebook["required"] == "yes", "variable"].tolist()
    missing = [v for v in required if v not in names]
    if missing:
        expected = {v: codebook.set_index("variable").at[v, "source_columns"].split("|")[0] for v in missing}
        raise SatisfactionError(
            f"required columns not found: {expected} (variable: usual header). The header row found is row "
            f"{info['header_row']} with {[c for c in names if c != 'source_row']}. Add the file's header to "
            "the codebook's source_columns if it names the variable differently.",
            file=path, sheet=info.get("sheet"), row=info["header_row"])
    return data


def read_export(path: str | Path, *, codebook: pd.DataFrame | None = None, sheet: str | int | None = None
                ) -> pd.DataFrame:
    """Read a survey export with the survey codebook (the package's by default).

    This is :func:`read` with that codebook; the encoding of a text file is always detected.

    Parameters
    ----------
    path : str or pathlib.Path
        The export, in any format :func:`read` reads.
    codebook : pandas.DataFrame or None, optional
        The codebook that names the columns; when None, the package's survey codebook
        (``load_codebook()``).
    sheet : str, int or None, optional
        The sheet of a workbook (name or 0-based index); the first by default.

    Returns
    -------
    pandas.DataFrame
        The raw values, columns named as the codebook's variables, ``source_row`` first (see
        :func:`read`).

    Raises
    ------
    SatisfactionError
        As :func:`read`, notably when a required variable of the codebook has no column.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> df = read_export(example("khao_sat_2024_sample.xlsx"))
    >>> len(df), df[["resp_id", "district_name", "weight"]].notna().all().all()
    (575, np.True_)
    """
    from satisfaction.ingest.codebook import load_codebook

    return read(path, codebook=codebook if codebook is not None else load_codebook(), sheet=sheet)


def normalise_zip(data: bytes, path: Path) -> None:
    """Write a zip container (XLSX, DOCX) with fixed timestamps so identical content gives identical bytes.

    Every member is copied in its order, DEFLATE-compressed, dated 1980-01-01 00:00:00 and given the
    permissions 0600; in ``docProps/core.xml`` the value of ``dcterms:modified`` is replaced by
    :data:`FIXED_TIME`. Other dates inside the members (such as ``dcterms:created``) are left as they
    are: the caller sets them. A file already at ``path`` is overwritten.

    Parameters
    ----------
    data : bytes
        The container as its library wrote it (for example ``openpyxl`` into a buffer).
    path : pathlib.Path
        Where to write the normalised container.

    Returns
    -------
    None

    Examples
    --------
    >>> import io, tempfile, zipfile
    >>> from pathlib import Path
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     z.writestr("a.txt", "xin chào")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     normalise_zip(buffer.getvalue(), Path(tmp) / "a.zip")
    ...     with zipfile.ZipFile(Path(tmp) / "a.zip") as z:
    ...         z.infolist()[0].date_time
    (1980, 1, 1, 0, 0, 0)
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            clean = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            clean.compress_type = zipfile.ZIP_DEFLATED
            clean.external_attr = 0o600 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", content)
            dst.writestr(clean, content)
