"""The readers' workbook of a run, the same bytes for the same inputs, and the run's provenance.

``collect_workbook`` gathers every table of the run into one XLSX workbook for readers: a contents
sheet first, one sheet per table with headers and coded values in the run's language
(:mod:`satisfaction.report.labels`), percentages as numbers in a percent format, suppressed cells marked,
and a last sheet "Nguồn và phương pháp" with the data, design, method, software and date of the run.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import platform
from importlib import metadata
from pathlib import Path

import pandas as pd

from satisfaction import __version__, config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest.readers import FIXED_TIME, normalise_zip
from satisfaction.ingest.writers import openpyxl_stdlib
from satisfaction.report import labels
from satisfaction.report.outputs import TITLES

log = logging.getLogger(__name__)
WORKBOOK = "satisfaction_tables.xlsx"


#: The run's provenance (date, language, data files, software), written once per run.
RUN = "run.json"
SOFTWARE = ["pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn", "underthesea", "scikit-learn",
            "openpyxl", "python-docx"]
NUMBER_FORMATS = {"int": "#,##0", "year": "0", "num1": "0.0", "num2": "0.00", "num3": "0.000", "num4": "0.0000",
                  "pct": "0.0%", "p": '[<0.001]"<0.001";0.000', "num_auto": "General"}
_HEADER_COLOUR = "DDEBF7"
_SUPPRESSED_COLOUR = "EEEEEE"


def provenance(raw: str | Path, *, lang: str | None = None, files: list[Path] | None = None,
               root: Path | None = None, study: dict | None = None) -> dict:
    """What a run used: its date and label language, the raw files with their SHA-256, the software.

    Parameters
    ----------
    raw : str or pathlib.Path
        The folder of raw files the run read.
    lang : {"vi", "en"} or None
        The run's label language.
    files : list of pathlib.Path or None
        The files a study named (instead of the folder's), listed by their path relative to ``root``.
    root : pathlib.Path or None
        The study's folder, for ``files``.
    study : dict or None
        What to record of the study (title, simulated, level), as ``study``.

    Returns
    -------
    dict
        ``date``, ``lang``, ``data`` (file, bytes, sha256 of each raw file) and ``software`` (versions),
        and ``study`` when given. Without ``files``, only the folder's own files ending in ``.csv``,
        ``.xlsx``, ``.xls``, ``.sav``, ``.dta`` or ``.parquet`` are listed, by name; a folder that does
        not exist gives an empty list.

    Examples
    --------
    >>> import tempfile
    >>> run = provenance(tempfile.mkdtemp(), lang="en")
    >>> sorted(run), run["lang"], run["data"]
    (['data', 'date', 'lang', 'software'], 'en', [])
    """
    raw = Path(raw)
    if files is not None:
        chosen = [(p, p.relative_to(root).as_posix() if root is not None and p.is_relative_to(root) else p.name)
                  for p in files]
    else:
        chosen = [(p, p.name) for p in (sorted(raw.iterdir()) if raw.is_dir() else [])
                  if p.is_file() and p.suffix in {".csv", ".xlsx", ".xls", ".sav", ".dta", ".parquet"}]
    files = [{"file": name, "bytes": p.stat().st_size, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
             for p, name in chosen]
    versions = {"python": platform.python_version(), "satisfaction": __version__}
    for pkg in SOFTWARE:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    out = {"date": config.run_date().isoformat(), "lang": labels.language(lang), "data": files, "software": versions}
    if study is not None:
        out["study"] = study
    return out


def write_provenance(tables_dir: str | Path, *, raw: str | Path, lang: str | None = None, **study) -> Path:
    """Write the run's provenance (:func:`provenance`) to ``<tables_dir>/run.json``.

    Parameters
    ----------
    tables_dir : str or pathlib.Path
        The run's tables folder.
    raw : str or pathlib.Path
        The folder of raw files the run read.
    lang : {"vi", "en"} or None
        The run's label language.
    **study
        ``files``, ``root`` and ``study`` of :func:`provenance`, for a study's run.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    tables_dir = Path(tables_dir)
    tables_dir.mkdir(parents=True, exist_ok=True)
    path = tables_dir / RUN
    path.write_text(json.dumps(provenance(raw, lang=lang, **study), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    return path


def read_provenance(tables_dir: str | Path) -> dict:
    """The provenance a run wrote (:func:`write_provenance`).

    Parameters
    ----------
    tables_dir : str or pathlib.Path
        The run's tables folder.

    Returns
    -------
    dict
        As :func:`provenance` returned it.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        When the folder has no ``run.json``.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> write_provenance(folder, raw=folder, lang="en").name
    'run.json'
    >>> read_provenance(folder)["lang"]
    'en'
    """
    path = Path(tables_dir) / RUN
    if not path.exists():
        raise SatisfactionError(f"no {RUN} in the tables folder: run the suite first", file=path)
    return json.loads(path.read_text(encoding="utf-8"))


def collect_workbook(tables_dir: str | Path, *, lang: str | None = None) -> Path:
    """Gather every CSV table of the run into one workbook for readers (see the module's docstring).

    Parameters
    ----------
    tables_dir : str or pathlib.Path
        The run's tables folder (with its ``titles.json`` and ``run.json``).
    lang : {"vi", "en"} or None
        The language of headers, coded values and texts.

    Returns
    -------
    pathlib.Path
        ``<tables_dir>/satisfaction_tables.xlsx``.
    """
    lang = labels.language(lang)
    tables_dir = Path(tables_dir)
    openpyxl = openpyxl_stdlib()
    from openpyxl.styles import Font
    csvs = sorted(tables_dir.glob("*.csv"))
    titles_file = tables_dir / TITLES
    titles = json.loads(titles_file.read_text(encoding="utf-8")) if titles_file.exists() else {}
    t = lambda key, **kw: labels.text(key, lang=lang, **kw)  # noqa: E731
    wb = openpyxl.Workbook()
    contents = wb.active
    contents.title = t("wb.contents")
    contents.append([t("wb.contents")])
    contents["A1"].font = Font(bold=True, size=13)
    contents.append([])
    contents.append([t("wb.sheet"), t("wb.title"), t("wb.rows"), t("wb.csv")])
    _header_style(contents, 3)
    for i, csv in enumerate(csvs, start=1):
        sheet = f"{t('wb.sheet')} {i:02d}"
        df = pd.read_csv(csv, encoding="utf-8-sig", dtype=object, keep_default_na=False)
        title = titles.get(csv.stem) or labels.table_title(csv.stem, lang=lang) or csv.stem
        contents.append([sheet, title, len(df), csv.name])
        contents.cell(contents.max_row, 1).hyperlink = f"#'{sheet}'!A1"
        contents.cell(contents.max_row, 1).font = Font(color="0563C1", underline="single")
        _table_sheet(wb.create_sheet(sheet), df, csv.stem, title, lang)
    sources = t("wb.sources")
    contents.append([sources, t("wb.sources_title")])
    contents.cell(contents.max_row, 1).hyperlink = f"#'{sources}'!A1"
    contents.cell(contents.max_row, 1).font = Font(color="0563C1", underline="single")
    _widths(contents, [14, 80, 10, 36])
    _sources_sheet(wb.create_sheet(sources), read_provenance(tables_dir), lang)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = f"satisfaction {__version__}"
    wb.properties.language = lang
    buf = io.BytesIO()
    wb.save(buf)
    path = tables_dir / WORKBOOK
    normalise_zip(buf.getvalue(), path)
    return path


def _table_sheet(ws, df: pd.DataFrame, name: str, title: str, lang: str) -> None:
    from openpyxl.styles import Font

    other = "label_en" if lang == "vi" else "label_vi"
    if {"label_vi", "label_en"} <= set(df.columns):
        df = df.drop(columns=other)  # the other language's label is in the CSV
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([labels.text("wb.back", lang=lang)])
    ws["A2"].hyperlink = f"#'{labels.text('wb.contents', lang=lang)}'!A1"
    ws["A2"].font = Font(color="0563C1", underline="single", size=9)
    headers = [labels.column_label(name, c, lang=lang) for c in df.columns]
    ws.append(headers)
    _header_style(ws, 3)
    formats = [labels.column_format(name, c) for c in df.columns]
    suppressed = df["suppressed"].ne("") if "suppressed" in df else pd.Series(False, index=df.index)
    measures = df["measure"] if "measure" in df else pd.Series("", index=df.index)
    has_pct = False
    for (_, row), hidden, measure in zip(df.iterrows(), suppressed, measures, strict=True):
        cells = []
        for column, fmt, value in zip(df.columns, formats, row, strict=True):
            if fmt == "by_measure":
                fmt = "pct" if str(measure).endswith("_pct") else "num2"
            cells.append(_cell(ws, column, fmt, value, hidden, lang))
            has_pct |= fmt == "pct"
        ws.append(cells)
    ws.freeze_panes = "A4"
    if len(df):
        ws.auto_filter.ref = f"A3:{ws.cell(3, len(df.columns)).column_letter}{ws.max_row}"
    notes = []
    if has_pct:
        notes.append(labels.text("wb.pct_note", lang=lang))
    if suppressed.any():
        notes.append(labels.text("wb.suppressed_note", lang=lang))
    if notes:
        ws.append([])
        for note in notes:
            ws.append([note])
            ws.cell(ws.max_row, 1).font = Font(italic=True, size=9)
    _widths(ws, [min(48, max(10, len(h) + 2, *(len(v) + 2 for v in df[c].head(200))))
                 for h, c in zip(headers, df.columns, strict=True)])


def _cell(ws, column: str, fmt: str, value: str, hidden: bool, lang: str):
    """One cell as openpyxl wants it: a number with its format, a label, or the suppression mark."""
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, PatternFill

    if value == "":
        if not hidden:
            return None
        cell = Cell(ws, value=labels.text("wb.suppressed_mark", lang=lang))
        cell.fill = PatternFill("solid", fgColor=_SUPPRESSED_COLOUR)
        cell.alignment = Alignment(horizontal="center")
        return cell
    if fmt in NUMBER_FORMATS:
        number = _number(value)
        if isinstance(number, str):
            return labels.value_label(column, number, lang=lang)
        if fmt == "pct":
            number = round(number / 100, 12)  # 96.493 -> 0.96493, not 0.9649299999999999
        cell = Cell(ws, value=number)
        cell.number_format = NUMBER_FORMATS[fmt]
        return cell
    return labels.value_label(column, value, lang=lang)


def _sources_sheet(ws, run: dict, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    t = lambda key, **kw: labels.text(key, lang=lang, **kw)  # noqa: E731
    ws.append([t("wb.sources_title")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append([t("wb.item"), t("wb.detail")])
    _header_style(ws, 3)
    rows = [(t("wb.run_date"), run["date"]), (t("wb.language"), run["lang"])]
    rows += [(t("wb.file") if i == 0 else "", f"{f['file']}  ({f['bytes']:,} bytes, SHA-256 {f['sha256']})")
             for i, f in enumerate(run["data"])]
    rows += [(t("wb.design"), t("method.design")), (t("wb.method"), t("method.index")), ("", t("method.drivers")),
             ("", t("method.text"))]
    rows += [(t("wb.software") if i == 0 else "", f"{pkg} {version}")
             for i, (pkg, version) in enumerate(run["software"].items())]
    for label, detail in rows:
        ws.append([label, detail])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(ws.max_row, 1).alignment = Alignment(vertical="top")
    _widths(ws, [24, 110])


def _header_style(ws, row: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_COLOUR)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(ws, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width


def _number(value: str):
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            return value
        return value if math.isnan(number) else number
