"""Write the simulated world as raw files as messy as real office exports, with their manifest.

Each kind of mess is injected at a known rate and counted in ``injected.json``, so the cleaning
code can be tested against what was really put in: title rows above the headers, Vietnamese
Likert labels in any case and with or without diacritics, numeric codes in one team's rows,
missing-answer codes (98, 99, KTL, blank), district and ward names in variant forms, exact and
conflicting duplicate respondents, dates in several formats (and a few impossible ones), a
letters register in TCVN3, and personal data inside free text.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from satisfaction.ingest.codebook import load_codebook, raw_header, value_labels
from satisfaction.ingest.places import district_key
from satisfaction.ingest.readers import FIXED_TIME, normalise_zip
from satisfaction.ingest.writers import openpyxl_stdlib
from satisfaction.vietnamese import strip_diacritics, tcvn3_encode

MISSING_CODES = ["KTL", 98, 99, None, "Không trả lời"]
MISSING_RATE = 0.012
EXACT_DUP_RATE = 0.003
CONFLICT_DUP_RATE = 0.001
CODE_TEAM_SHARE = 0.06  # one team typed numeric codes instead of labels


def write_xlsx(path: Path, sheets: dict[str, tuple[list[list], list[str], list[list]]]) -> None:
    """Write an XLSX with title rows above the header, byte-identical for identical content.

    Parameters
    ----------
    path : pathlib.Path
        The workbook to write (its folder must exist).
    sheets : dict of str to (list of list, list of str, list of list)
        For each sheet name, in order: the title rows written above the header, the header, and the
        data rows.

    Returns
    -------
    None

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> sheets = {"Dữ liệu": ([["KẾT QUẢ KHẢO SÁT"], []], ["Mã phiếu", "Tuổi"], [["HN24-001", 45]])}
    >>> write_xlsx(folder / "a.xlsx", sheets)
    >>> write_xlsx(folder / "b.xlsx", sheets)
    >>> sha256(folder / "a.xlsx") == sha256(folder / "b.xlsx")
    True
    """
    wb = openpyxl_stdlib().Workbook(write_only=True)
    wb.properties.creator = "satisfaction.simulate"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    for name, (title_rows, header, rows) in sheets.items():
        ws = wb.create_sheet(name)
        for r in title_rows:
            ws.append(r)
        ws.append(header)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    normalise_zip(buf.getvalue(), path)


def _variant_label(rng: np.random.Generator, label: str) -> str:
    u = rng.uniform()
    if u < 0.55:
        return label
    if u < 0.70:
        return label.lower()
    if u < 0.82:
        return strip_diacritics(label)
    if u < 0.90:
        return strip_diacritics(label).upper()
    if u < 0.96:
        return label.upper()
    return f" {label.lower()} "


_DISTRICT_PREFIX = {"quận": ["Quận ", "Q. ", "Q.", "quận "], "huyện": ["Huyện ", "H. ", "huyện "],
                    "thị xã": ["Thị xã ", "TX ", "TX. ", "thị xã "]}
_WARD_PREFIX = {"phường": ["Phường ", "P. ", "P."], "xã": ["Xã ", "X. ", "xã "], "thị trấn": ["Thị trấn ", "TT. ", "TT "]}


def _variant_place(rng: np.random.Generator, short: str, kind: str, prefixes: dict) -> str:
    u = rng.uniform()
    if u < 0.45:
        return prefixes[kind][0] + short
    if u < 0.65:
        return prefixes[kind][int(rng.integers(1, len(prefixes[kind])))] + short
    if u < 0.80:
        return short
    if u < 0.92:
        return strip_diacritics(prefixes[kind][0] + short).lower()
    return strip_diacritics(short)


def survey_export(rng: np.random.Generator, survey: pd.DataFrame, world: dict, crosswalk: pd.DataFrame,
                  wave: int) -> tuple[list[str], list[list], dict]:
    """The header and rows of one wave's XLSX export, and the counts of what was injected.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    survey : pandas.DataFrame
        One wave as :func:`satisfaction.simulate.sample.sample_wave` draws it, with ``resp_id`` and
        ``comment`` added. The survey codebook's variables are taken from its columns, except
        ``wave`` (not written) and the place names, ``psu_code`` and ``survey_date``, which are made
        here (from ``district_code`` and ``ward_code``).
    world : dict
        The world of :func:`satisfaction.simulate.world.make_world`.
    crosswalk : pandas.DataFrame
        Old ward to new commune (``ward_code``, ``new_ward``), for the ward names of waves from 2025.
    wave : int
        The survey year: 2023 gets headers without diacritics, 2025 on the new communes' names.

    Returns
    -------
    header : list of str
        The raw column headers, one per codebook variable but ``wave``.
    rows : list of list
        The data rows, with the duplicates inserted.
    injected : dict
        What was injected: ``rows_written``, ``missing_codes`` (count by variable),
        ``numeric_code_rows``, ``exact_duplicates``, ``conflicting_duplicate_ids``, and the ``resp_id``
        of the rows given a district typo (``district_typos``) or an error cleaning must quarantine
        (``unmatched_district``, ``age_out_of_range``, ``impossible_date``, ``unknown_label``).
    """
    cb = load_codebook()
    ascii_headers = wave == 2023  # that year's export came from a machine without Vietnamese fonts
    districts = world["districts"].set_index("district_code").to_dict(orient="index")
    wards = world["wards"].set_index("ward_code").to_dict(orient="index")
    new_wards = crosswalk.groupby("ward_code")["new_ward"].agg(list)
    variables = [v for v in cb["variable"] if v not in ("wave",)]
    header = []
    for v in variables:
        h = raw_header(cb, v, ascii_only=ascii_headers)
        if wave >= 2025 and v == "district_name":
            h = "Địa bàn cũ (quận/huyện)"
        if wave >= 2025 and v == "ward_name":
            h = "Phường/xã (mới)"
        header.append(h)
    labels = {v: value_labels(cb, v) for v in cb.loc[cb["type"].isin(["likert5", "categorical"]), "variable"]}
    likert = cb.loc[cb["type"] == "likert5", "variable"].tolist()
    injected = {"rows_written": 0, "missing_codes": {}, "numeric_code_rows": 0,
                "exact_duplicates": 0, "conflicting_duplicate_ids": []}
    start = date(wave, 9, 1)
    rows = []
    code_team = rng.uniform(size=len(survey)) < CODE_TEAM_SHARE
    injected["numeric_code_rows"] = int(code_team.sum())
    for i, r in enumerate(survey.itertuples(index=False)):
        rec = r._asdict()
        d = districts[rec["district_code"]]
        w = wards[rec["ward_code"]]
        out = []
        for v in variables:
            if v == "district_name":
                val = _variant_place(rng, d["district_short"], d["division_type"], _DISTRICT_PREFIX)
            elif v == "ward_name":
                if wave >= 2025:
                    choices = new_wards[rec["ward_code"]]
                    val = choices[int(rng.integers(len(choices)))]
                    val = val if rng.uniform() < 0.8 else strip_diacritics(val)
                else:
                    val = _variant_place(rng, w["ward_short"], w["division_type"], _WARD_PREFIX)
            elif v == "psu_code":
                val = rec["ward_code"]
            elif v == "survey_date":
                day = start + pd.Timedelta(days=int(rng.integers(0, 91)))
                val = day if rng.uniform() < 0.3 else day.strftime("%d/%m/%Y")
            elif v == "weight":
                val = round(float(rec["weight"]), 3)
            elif v == "comment":
                val = rec["comment"] or None
            elif v in labels:
                code = int(rec[v])
                val = code if code_team[i] else _variant_label(rng, labels[v][code])
                if v in likert and rng.uniform() < MISSING_RATE:
                    val = MISSING_CODES[int(rng.integers(len(MISSING_CODES)))]
                    injected["missing_codes"][v] = injected["missing_codes"].get(v, 0) + 1
            else:
                val = rec[v]
                val = int(val) if isinstance(val, (np.integer,)) else val
            out.append(val)
        rows.append(out)
    _corrupt(rng, rows, variables, wave, injected)
    # duplicates: exact copies, and conflicting ones (same ID, one answer changed)
    n = len(rows)
    id_col, item_col = variables.index("resp_id"), variables.index("q_staff_polite")
    for i in np.sort(rng.choice(n, int(round(n * EXACT_DUP_RATE)), replace=False))[::-1]:
        rows.insert(int(i) + 1, list(rows[int(i)]))
        injected["exact_duplicates"] += 1
    for i in rng.choice(len(rows), int(round(n * CONFLICT_DUP_RATE)), replace=False):
        dup = list(rows[int(i)])
        dup[item_col] = "Rất không hài lòng" if dup[item_col] != "Rất không hài lòng" else "Hài lòng"
        rows.insert(int(rng.integers(len(rows))), dup)
        injected["conflicting_duplicate_ids"].append(dup[id_col])
    injected["conflicting_duplicate_ids"].sort()
    injected["rows_written"] = len(rows)
    return header, rows, injected


TYPO_RATE = 0.002
N_CORRUPT = 3  # rows per wave and kind of error that cleaning must quarantine


def _corrupt(rng: np.random.Generator, rows: list[list], variables: list[str], wave: int, injected: dict) -> None:
    """Typos in district names (cleaning should match them) and errors cleaning must quarantine."""
    col = {v: variables.index(v) for v in variables}
    ids = col["resp_id"]
    picks = rng.permutation(len(rows))
    typos = picks[: int(round(len(rows) * TYPO_RATE))]
    injected["district_typos"] = []
    for i in typos:
        name = rows[i][col["district_name"]]
        letters = [k for k, ch in enumerate(name) if ch.isalpha()]
        if len(district_key(name)) < 7:  # too short for a typo to be recoverable without guessing
            continue
        k = letters[int(rng.integers(3, len(letters) - 1))]  # drop one interior letter
        rows[i][col["district_name"]] = name[:k] + name[k + 1:]
        injected["district_typos"].append(rows[i][ids])
    rest = picks[len(typos):]
    kinds = {
        "unmatched_district": ("district_name", lambda: rng.choice(["Không rõ", "Hà Nội", "Quận 1"])),
        "age_out_of_range": ("age", lambda: int(rng.choice([5, 150, 210]))),
        "impossible_date": ("survey_date", lambda: f"31/09/{wave}"),
        "unknown_label": ("q_res_info", lambda: rng.choice(["Hài lòng lắm", "tạm"])),
    }
    for j, (kind, (var, make)) in enumerate(kinds.items()):
        chosen = rest[j * N_CORRUPT:(j + 1) * N_CORRUPT]
        injected[kind] = sorted(rows[i][ids] for i in chosen)
        for i in chosen:
            rows[i][col[var]] = make()
    injected["district_typos"].sort()


def _date_variants(rng: np.random.Generator, value, *, impossible: bool = False):
    if value is None or pd.isna(value):
        return ""
    day = pd.Timestamp(value)
    if impossible:
        return f"{int(rng.choice([30, 31]))}/02/{day.year}"
    u = rng.uniform()
    if u < 0.6:
        return day.strftime("%d/%m/%Y")
    if u < 0.8:
        return day.strftime("%Y-%m-%d")
    if u < 0.93:
        return str((day - pd.Timestamp("1899-12-30")).days)  # Excel serial, as pasted from a sheet
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def write_csv(path: Path, header: list[str], rows: list[list], *, encoding: str = "utf-8",
              delimiter: str = ",") -> None:
    """Write a CSV as an office export would: CRLF line ends, any encoding including TCVN3.

    Parameters
    ----------
    path : pathlib.Path
        The file to write (its folder must exist).
    header : list of str
        The header row.
    rows : list of list
        The data rows.
    encoding : str, default "utf-8"
        A Python codec (characters it lacks raise :class:`UnicodeEncodeError`), or ``"tcvn3"``
        (:func:`satisfaction.vietnamese.tcvn3_encode`, ``?`` for characters it lacks).
    delimiter : str, default ","
        The field separator.

    Returns
    -------
    None

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "bao_cao.csv"
    >>> write_csv(path, ["Đơn vị", "Số quầy"], [["Quận Ba Đình", 12]], delimiter=";")
    >>> path.read_bytes().decode("utf-8")
    'Đơn vị;Số quầy\\r\\nQuận Ba Đình;12\\r\\n'
    """
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buf.getvalue()
    path.write_bytes(tcvn3_encode(text) if encoding == "tcvn3" else text.encode(encoding))


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as ``MANIFEST.sha256`` lists it.

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    str
        64 lower-case hexadecimal digits.
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()
