"""Cleaning a whole data folder: every raw file in, processed data, quarantine and log out.

``clean_file`` cleans one file of a known kind; ``clean_folder`` cleans the bundled layout (survey
waves ``khao_sat_<year>.*``, case records ``ho_so_*``, letter registers ``so_thu_*``, petitions
``don_thu_*``) and writes, under ``build/processed/``:

- ``survey.parquet``, ``cases.parquet``, ``letters.parquet``, ``petitions.parquet``, ``late_cases.parquet``
  ``reports.parquet`` (the districts' own reports), (the clean data; Parquet keeps the types),
- ``quarantine/<file>.csv`` (every row that could not be cleaned, with its reason and column),
- ``logs/<file>.csv`` (every rule applied to that file, with its count),
- ``cleaning_log.csv`` (every rule applied, with its count, per file) and ``cleaning_summary.csv``
  (rows in, clean, quarantined and dropped as exact duplicates, per file).
"""

from __future__ import annotations

import logging
import re
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from satisfaction import __version__, config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest.cleaning import CleanResult, clean_survey, clean_table
from satisfaction.ingest.codebook import load_codebook
from satisfaction.ingest.readers import read
from satisfaction.ingest.records import (
    apology_compliance,
    clean_cases,
    clean_letters,
    clean_petitions,
    reconcile_registers,
)
from satisfaction.ingest.writers import safe_frame
from satisfaction.vietnamese import strip_diacritics

log = logging.getLogger(__name__)
KINDS = ("survey", "cases", "letters", "petitions", "reports")
PATTERNS = {"survey": "khao_sat_*", "cases": "ho_so_*", "letters": "so_thu_*", "petitions": "don_thu_*",
            "reports": "bao_cao_*"}
_DATA_SUFFIXES = {".xlsx", ".xls", ".csv", ".txt", ".sav", ".dta", ".parquet"}


def wave_of(path: Path) -> int | None:
    """The survey year in a file name (``khao_sat_2024.xlsx`` -> 2024), or ``None``.

    The year is the first four-digit number from 2000 to 2099 in the name (without its suffix) that
    is not part of a longer number.

    Parameters
    ----------
    path : pathlib.Path
        The file; only its name is used.

    Returns
    -------
    int or None
        The year, or ``None`` when the name has none.

    Examples
    --------
    >>> from pathlib import Path
    >>> wave_of(Path("khao_sat_2024.xlsx")), wave_of(Path("ho_so.csv"))
    (2024, None)
    """
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", path.stem)
    return int(m.group(1)) if m else None


def clean_file(path: str | Path, *, kind: str = "survey", codebook: str | Path | None = None,
               sheet: str | int | None = None, wave: int | None = None) -> CleanResult:
    """Read and clean one file of the given kind (``survey``, ``cases``, ``letters`` or ``petitions``).

    The kind ``reports`` (the districts' own yearly reports) is accepted too and cleaned by
    :func:`clean_table` without a check for conflicting duplicates. The codebook names the columns
    when the file is read and cleans it (for cases, letters and petitions by :func:`clean_cases`,
    :func:`clean_letters` and :func:`clean_petitions`).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, in any format :func:`read` reads.
    kind : {"survey", "cases", "letters", "petitions", "reports"}, default "survey"
        What the file holds.
    codebook : str, pathlib.Path or None, optional
        A codebook file or the name of one shipped with the package (:func:`load_codebook`); the
        codebook named by ``kind`` when None.
    sheet : str, int or None, optional
        The sheet of a workbook (name or 0-based index); the first by default.
    wave : int or None, optional
        The survey year (``survey`` only); taken from the file name (:func:`wave_of`) when None.

    Returns
    -------
    CleanResult
        The clean data, quarantine and log of the file.

    Raises
    ------
    SatisfactionError
        When ``kind`` is unknown; and as :func:`read` and the cleaning functions raise.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> clean_file(example("ho_so_2024_sample.csv"), kind="cases").accounting["rows_in"]
    300
    """
    path = Path(path)
    if kind not in KINDS:
        raise SatisfactionError(f"unknown kind {kind!r}; expected one of {KINDS}")
    cb = load_codebook(codebook if codebook is not None else kind)
    raw = read(path, codebook=cb, sheet=sheet)
    if kind == "survey":
        return clean_survey(raw, codebook=cb, wave=wave if wave is not None else wave_of(path))
    if kind == "cases":
        return clean_cases(raw, codebook=cb)
    if kind == "letters":
        return clean_letters([raw], codebook=cb)
    if kind == "reports":  # the districts' own yearly reports: one row per district and year
        return clean_table(raw, codebook=cb)
    return clean_petitions(raw, codebook=cb)


def write_result(result: CleanResult, out_dir: Path, stem: str) -> dict[str, Path]:
    """Write one result: ``<stem>.parquet``, ``quarantine/<stem>.csv`` and ``logs/<stem>.csv``.

    The data is written by :func:`write_parquet`; the quarantine and the log as CSV files in UTF-8
    with a byte-order mark, without the index. Missing folders are created.

    Parameters
    ----------
    result : CleanResult
        The result to write.
    out_dir : pathlib.Path
        The folder to write into.
    stem : str
        The files' name without suffix.

    Returns
    -------
    dict of str to pathlib.Path
        ``data``, ``quarantine`` and ``log`` -> the file written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from satisfaction.ingest.cleaning import LOG_COLUMNS, QUARANTINE_COLUMNS
    >>> result = CleanResult(data=pd.DataFrame({"a": [1]}),
    ...                      quarantine=pd.DataFrame(columns=QUARANTINE_COLUMNS),
    ...                      log=pd.DataFrame(columns=LOG_COLUMNS), rows_in=1, exact_duplicates=0)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_result(result, Path(tmp), "demo")
    ...     sorted(p.relative_to(tmp).as_posix() for p in files.values())
    ['demo.parquet', 'logs/demo.csv', 'quarantine/demo.csv']
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise SatisfactionError("the output folder is an existing file: name a folder", file=out_dir)
    files = result_files(out_dir, stem)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_parquet(result.data, files["data"])
    _write_quarantine_and_log(result, files)
    return files


def _write_quarantine_and_log(result: CleanResult, files: dict[str, Path]) -> None:
    """A result's quarantine and log as CSV (UTF-8 with BOM, formula cells neutralised), folders created."""
    for key in ("quarantine", "log"):
        files[key].parent.mkdir(parents=True, exist_ok=True)
        safe_frame(getattr(result, key)).to_csv(files[key], index=False, encoding="utf-8-sig", lineterminator="\n")


def result_files(out_dir: Path, stem: str) -> dict[str, Path]:
    """The files :func:`write_result` writes for one input: ``data``, ``quarantine`` and ``log`` -> path.

    Parameters
    ----------
    out_dir : pathlib.Path
        The output folder.
    stem : str
        The input's name without suffix.

    Returns
    -------
    dict of str to pathlib.Path
        ``<stem>.parquet``, ``quarantine/<stem>.csv`` and ``logs/<stem>.csv`` in ``out_dir``.

    Examples
    --------
    >>> sorted(p.as_posix() for p in result_files(Path("out"), "ho_so").values())
    ['out/ho_so.parquet', 'out/logs/ho_so.csv', 'out/quarantine/ho_so.csv']
    """
    return {"data": out_dir / f"{stem}.parquet", "quarantine": out_dir / "quarantine" / f"{stem}.csv",
            "log": out_dir / "logs" / f"{stem}.csv"}


def not_an_input(targets, inputs) -> None:
    """Refuse to write any of ``targets`` that is one of ``inputs`` (compared resolved, and without regard to
    case, as Windows and macOS compare names).

    Parameters
    ----------
    targets : iterable of pathlib.Path
        The files about to be written.
    inputs : iterable of pathlib.Path
        The files read.

    Raises
    ------
    SatisfactionError
        Naming the input that would be overwritten.

    Examples
    --------
    >>> not_an_input([Path("out/a.parquet")], [Path("raw/a.parquet")])
    >>> not_an_input([Path("raw/a.parquet")], [Path("raw/A.parquet")])
    Traceback (most recent call last):
    ...
    satisfaction.errors.SatisfactionError: a.parquet: an output would overwrite this input file: write the outputs to another folder (--out)
    """
    read = {str(Path(p).resolve()).casefold(): Path(p) for p in inputs}
    for target in targets:
        if str(Path(target).resolve()).casefold() in read:
            raise SatisfactionError("an output would overwrite this input file: write the outputs to another folder "
                                    "(--out)", file=target)


def write_parquet(data: pd.DataFrame, path: Path) -> None:
    """Parquet with the versions that produced it in its metadata.

    A copy of ``data`` is written, without its index; the copy's ``attrs`` are replaced by the
    versions of ``satisfaction`` and ``underthesea``, which pandas stores in the file and
    :func:`pandas.read_parquet` restores. ``data`` itself is left unchanged.

    Parameters
    ----------
    data : pandas.DataFrame
        The table to write.
    path : pathlib.Path
        The file to write; its folder must exist.

    Returns
    -------
    None

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_parquet(pd.DataFrame({"a": [1, 2]}), Path(tmp) / "demo.parquet")
    ...     sorted(pd.read_parquet(Path(tmp) / "demo.parquet").attrs)
    ['satisfaction', 'underthesea']
    """
    data = data.copy()
    data.attrs = {"satisfaction": __version__, "underthesea": version("underthesea")}
    data.to_parquet(path, index=False)


def _files(raw: Path, kind: str) -> list[Path]:
    """The data files of one kind, matched on names without regard to case or accents (Khao_Sat_2024.XLSX,
    khảo_sát_2024.xlsx)."""
    prefix = PATTERNS[kind].rstrip("*")
    if not raw.is_dir():
        raise SatisfactionError("the data folder has no raw/ folder of exports (or it is not a folder)", file=raw)
    return sorted(p for p in raw.iterdir() if p.is_file() and p.suffix.lower() in _DATA_SUFFIXES
                  and strip_diacritics(p.name).lower().startswith(prefix))


def clean_folder(raw: Path | None = None, out: Path | None = None) -> dict[str, CleanResult]:
    """Clean every raw file of the data folder and write the processed data; returns the results by file.

    The files of each kind of :data:`KINDS` are those matching its pattern in :data:`PATTERNS` with a
    data suffix (``.xlsx``, ``.xls``, ``.csv``, ``.txt``, ``.sav``, ``.dta``, ``.parquet``), taken in
    name order and cleaned by :func:`clean_file`. Written into ``out``: ``quarantine/<stem>.csv`` and
    ``logs/<stem>.csv`` for each file; ``<kind>.parquet`` for each kind that has files, their data
    stacked; ``late_cases.parquet`` (:func:`apology_compliance`) when there are cases and letters;
    ``cleaning_summary.csv`` (:func:`summary`); and ``cleaning_log.csv``, every file's log with a
    column ``file``. The CSV files are UTF-8 with a byte-order mark.

    Parameters
    ----------
    raw : pathlib.Path or None, optional
        The folder of raw files; :func:`satisfaction.config.raw_dir` when None.
    out : pathlib.Path or None, optional
        Where to write; ``processed`` in :func:`satisfaction.config.build_dir` when None.

    Returns
    -------
    dict of str to CleanResult
        The file's name -> its result.

    Raises
    ------
    SatisfactionError
        When two files' outputs would share a name (before any cleaning); when the folder has no survey
        file (the other files have then been cleaned, and their quarantine and log files written, already).
    """
    raw = raw or config.raw_dir()
    out = out or config.build_dir() / "processed"
    waves: dict[int, Path] = {}
    for path in _files(raw, "survey"):  # the same wave twice would count every respondent twice
        wave = wave_of(path)
        if wave is not None and wave in waves:
            raise SatisfactionError(f"two exports of the {wave} wave: {waves[wave].name} and {path.name}; keep one "
                                    "(or merge them into one file) so no respondent is counted twice", file=raw)
        if wave is not None:
            waves[wave] = path
    distinct_stems([path for kind in KINDS for path in _files(raw, kind)], raw)  # before any cleaning
    def cleaned():
        for kind in KINDS:
            for path in _files(raw, kind):
                log.info("cleaning %s (%s)", path.name, kind)
                yield kind, path, clean_file(path, kind=kind)

    return write_cleaned(cleaned(), out, where=raw)


def distinct_stems(paths: list[Path], where: Path | None = None) -> None:
    """Refuse files whose outputs (``quarantine/<stem>.csv``, ``logs/<stem>.csv``) would overwrite each other.

    The same name in two folders of a study, or ``x.csv`` and ``X.xlsx`` (one name on Windows and macOS).

    Parameters
    ----------
    paths : list of pathlib.Path
        The input files.
    where : pathlib.Path or None
        The folder or study file to name in the message.

    Raises
    ------
    SatisfactionError
        Naming both files.

    Examples
    --------
    >>> distinct_stems([Path("a/ho_so.csv"), Path("b/ho_so.xlsx")])
    Traceback (most recent call last):
    ...
    satisfaction.errors.SatisfactionError: a/ho_so.csv and b/ho_so.xlsx share the name 'ho_so': their quarantine and log files would overwrite each other; rename one
    """
    stems: dict[str, Path] = {}
    for path in paths:
        stem = path.stem.lower()
        if stem in stems and stems[stem] != path:
            raise SatisfactionError(f"{stems[stem]} and {path} share the name {path.stem!r}: their quarantine and "
                                    "log files would overwrite each other; rename one", file=where)
        stems[stem] = path


def reconcile(cleaned) -> list[tuple[str, Path, CleanResult]]:
    """Every file's result, with the records that several files of one register hold counted once.

    Parameters
    ----------
    cleaned : iterable of (str, pathlib.Path, CleanResult)
        The kind of each file, the file and its result, in reading order.

    Returns
    -------
    list of (str, pathlib.Path, CleanResult)
        The same items; the registers' results changed by
        :func:`satisfaction.ingest.records.reconcile_registers`.
    """
    items = list(cleaned)
    for kind in ("cases", "letters", "petitions"):
        reconcile_registers(kind, [(path.name, result) for k, path, result in items if k == kind])
    return items


def write_cleaned(cleaned, out: Path, *, where: Path | None = None) -> dict[str, CleanResult]:
    """Write the processed data a run reads, from files cleaned one by one (:func:`clean_folder`, a study's).

    Records several files of a register hold are counted once first (:func:`reconcile`). Each file's
    ``quarantine/<stem>.csv`` and ``logs/<stem>.csv`` are written; then
    ``<kind>.parquet`` for each kind (its files' data stacked in the order they came),
    ``late_cases.parquet`` when there are cases and letters, ``cleaning_summary.csv`` and
    ``cleaning_log.csv`` (UTF-8 with a byte-order mark).

    Parameters
    ----------
    cleaned : iterable of (str, pathlib.Path, CleanResult)
        The kind of each file (one of :data:`KINDS`), the file, and its result.
    out : pathlib.Path
        The processed-data folder (created when missing).
    where : pathlib.Path or None
        The folder or study file to name when no survey file was cleaned.

    Returns
    -------
    dict of str to CleanResult
        The file's name -> its result.

    Raises
    ------
    SatisfactionError
        When two files share a stem (nothing is written then), or when no survey file was cleaned
        (the other files' quarantine and log files have then been written already).
    """
    items = reconcile(cleaned)
    inputs = [path for _, path, _ in items]
    distinct_stems(inputs, where)
    targets = [out / f"{kind}.parquet" for kind in (*KINDS, "late_cases")]
    targets += [out / name for name in ("cleaning_summary.csv", "cleaning_log.csv")]
    targets += [f for path in inputs for key, f in result_files(out, path.stem).items() if key != "data"]
    not_an_input(targets, inputs)
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, CleanResult] = {}
    frames: dict[str, list[pd.DataFrame]] = {k: [] for k in KINDS}
    for kind, path, result in items:
        results[path.name] = result
        frames[kind].append(result.data)
        _write_quarantine_and_log(result, result_files(out, path.stem))
    if not frames["survey"]:
        raise SatisfactionError("no survey files (khao_sat_<year>.xlsx) to clean", file=where)
    for kind, parts in frames.items():
        if parts:
            write_parquet(pd.concat(parts, ignore_index=True), out / f"{kind}.parquet")
    if frames["cases"] and frames["letters"]:
        late = apology_compliance(pd.concat(frames["cases"]), pd.concat(frames["letters"]))
        write_parquet(late, out / "late_cases.parquet")
    summary(results).to_csv(out / "cleaning_summary.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    safe_frame(pd.concat([r.log.assign(file=name) for name, r in results.items()], ignore_index=True)).to_csv(
        out / "cleaning_log.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    return results


def summary(results: dict[str, CleanResult]) -> pd.DataFrame:
    """Rows in, clean, quarantined and dropped as exact duplicates, per file.

    Parameters
    ----------
    results : dict of str to CleanResult
        The file's name -> its result, as :func:`clean_folder` returns them.

    Returns
    -------
    pandas.DataFrame
        One row per file: ``file`` and the four counts of :attr:`CleanResult.accounting`.

    Examples
    --------
    >>> from satisfaction.ingest.codebook import load_codebook
    >>> raw = pd.DataFrame({"letter_no": ["1", "2", "2"], "letter_type": ["1", "2", "3"],
    ...                     "district_name": ["Ba Đình", "Tây Hồ", "Hà Nội"],
    ...                     "sent": ["05/03/2024"] * 3})
    >>> result = clean_table(raw, codebook=load_codebook("letters"), id_var="letter_no")
    >>> summary({"so_thu.csv": result}).to_numpy().tolist()
    [['so_thu.csv', 3, 1, 2, 0]]
    """
    return pd.DataFrame([{"file": name, **r.accounting} for name, r in results.items()])


def load_processed(kind: str, folder: Path | None = None) -> pd.DataFrame:
    """A processed table written by :func:`clean_folder` (``survey``, ``cases``, ``letters``, ...).

    Parameters
    ----------
    kind : str
        The table: ``<kind>.parquet`` is read, e.g. ``survey``, ``cases``, ``letters``,
        ``petitions``, ``reports`` or ``late_cases``.
    folder : pathlib.Path or None, optional
        The folder of processed data; ``processed`` in :func:`satisfaction.config.build_dir` when None.

    Returns
    -------
    pandas.DataFrame
        The table, with the types it was written with.

    Raises
    ------
    SatisfactionError
        When the file does not exist.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_parquet(pd.DataFrame({"a": [1, 2]}), Path(tmp) / "demo.parquet")
    ...     load_processed("demo", Path(tmp))["a"].tolist()
    [1, 2]
    """
    path = (folder or config.build_dir() / "processed") / f"{kind}.parquet"
    if not path.exists():
        raise SatisfactionError("processed data not found: run the cleaning notebook or "
                                "`python -m satisfaction clean` first", file=path)
    return pd.read_parquet(path)


def quarantine_by_reason(results: dict[str, CleanResult]) -> pd.DataFrame:
    """Quarantined rows per file, reason and column, with what the reason means.

    A quarantined row is counted once, under the first of its problems.

    Parameters
    ----------
    results : dict of str to CleanResult
        The file's name -> its result, as :func:`clean_folder` returns them.

    Returns
    -------
    pandas.DataFrame
        ``file``, ``reason``, ``column``, ``rows`` and ``meaning`` (from
        :data:`satisfaction.ingest.cleaning.REASONS`), sorted by the first three; empty, with these
        columns, when no row was quarantined.

    Examples
    --------
    >>> from satisfaction.ingest.codebook import load_codebook
    >>> raw = pd.DataFrame({"letter_no": ["1", "2", "2"], "letter_type": ["1", "2", "3"],
    ...                     "district_name": ["Ba Đình", "Tây Hồ", "Hà Nội"],
    ...                     "sent": ["05/03/2024"] * 3})
    >>> result = clean_table(raw, codebook=load_codebook("letters"), id_var="letter_no")
    >>> quarantine_by_reason({"so_thu.csv": result})[["reason", "column", "rows"]].to_numpy().tolist()
    [['conflicting_duplicate', 'letter_no', 1], ['unmatched_place', 'district_name', 1]]
    """
    from satisfaction.ingest.cleaning import REASONS

    parts = [r.quarantine.assign(file=name) for name, r in results.items() if len(r.quarantine)]
    if not parts:
        return pd.DataFrame(columns=["file", "reason", "column", "rows", "meaning"])
    q = pd.concat(parts, ignore_index=True)
    out = q.groupby(["file", "reason", "column"], as_index=False).size().rename(columns={"size": "rows"})
    out["meaning"] = out["reason"].map(REASONS)
    return out


def log_steps(results: dict[str, CleanResult], steps: list[str]) -> pd.DataFrame:
    """The log rows of the given steps across files, one column per file (counts).

    Parameters
    ----------
    results : dict of str to CleanResult
        The file's name -> its result, as :func:`clean_folder` returns them; at least one.
    steps : list of str
        The steps to keep (values of the log's ``step`` column, such as ``"repair_text"``).

    Returns
    -------
    pandas.DataFrame
        One row per step and variable, sorted: ``step``, ``variable``, then one column per file that
        has any of these steps, with the counts summed (0 where the file lacks the row).

    Examples
    --------
    >>> from satisfaction.ingest.codebook import load_codebook
    >>> raw = pd.DataFrame({"letter_no": ["1", "2", "2"], "letter_type": ["1", "2", "3"],
    ...                     "district_name": ["Ba Đình", "Tây Hồ", "Hà Nội"],
    ...                     "sent": ["05/03/2024"] * 3})
    >>> result = clean_table(raw, codebook=load_codebook("letters"), id_var="letter_no")
    >>> log_steps({"so_thu.csv": result}, ["conflicting_duplicate", "unmatched_place"]).to_numpy().tolist()
    [['conflicting_duplicate', 'letter_no', 2], ['unmatched_place', 'district_name', 1]]
    """
    parts = [r.log.assign(file=name) for name, r in results.items()]
    log_ = pd.concat(parts, ignore_index=True)
    sel = log_[log_["step"].isin(steps)]
    table = sel.pivot_table(index=["step", "variable"], columns="file", values="count", aggfunc="sum", fill_value=0)
    table.columns = [str(c) for c in table.columns]
    return table.reset_index()

