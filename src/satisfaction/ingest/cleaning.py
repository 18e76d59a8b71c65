"""Cleaning survey exports: codebook-driven, Vietnamese-aware, and nothing lost.

``clean_survey(raw, codebook=...)`` takes what :func:`satisfaction.ingest.read` returns and gives back a
:class:`CleanResult`: the clean data, a quarantine table holding every row that could not be cleaned
(with a reason code and the offending column), and a log of every rule applied with its count.
Every input row ends in exactly one place::

    rows in = rows clean + rows quarantined + exact duplicates dropped

The rules, in order: personal data in free text replaced by placeholders (before anything else,
the quarantine included, sees it); text repaired (mojibake, NFC, tone placement, whitespace); exact
duplicate rows dropped; missing-answer codes to NA, counted per variable; labels and codes to
numeric codes; numbers range-checked; dates parsed; places matched to GSO codes and to the units of
2025-07-01; rows with the same ID but different answers quarantined, all of them. A value is never
guessed: an unknown label, an impossible date or a place that matches no unit sends its row to the
quarantine. When a large share of a column cannot be read, the codebook and the file disagree, and
cleaning stops with a message saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from satisfaction.errors import SatisfactionError
from satisfaction.ingest import places
from satisfaction.ingest._unique import map_unique, row_duplicates
from satisfaction.ingest.codebook import load_codebook
from satisfaction.ingest.dates import parse_dates
from satisfaction.ingest.privacy import personal_column, redact, redact_series, withhold
from satisfaction.vietnamese import ascii_key, repair_text

#: Reason codes of the quarantine table (a public API: changing them is a CHANGELOG entry).
REASONS = {
    "missing_required": "a required value is blank",
    "invalid_value": "a value that is none of the codebook's labels or codes",
    "out_of_range": "a number outside the codebook's range",
    "invalid_date": "a date that does not exist or cannot be read",
    "unmatched_place": "a place name that matches no unit",
    "ambiguous_place": "a place name that matches several units equally well",
    "conflicting_duplicate": "the same ID as another row, with different answers",
    "superseded_revision": "an earlier version of a record that a later row of the register revises",
    "uncached_formula": "a formula saved without its value: the cell's value is unknown",
    "date_outside_field_period": "a survey date outside the wave's field period",
    "place_contradiction": "the sampling unit's code names a ward of another district, or another ward",
}
#: Place names written in many ways, and the matched code beside each that two rows are compared on.
SPELLED_PLACES = {"district_name": "district_code", "ward_name": "ward_code"}
#: Survey dates may lie this many years before or after the wave's year (the field period).
FIELD_PERIOD_YEARS = 1
QUARANTINE_COLUMNS = ["source_file", "source_row", "reason", "column", "value", "problems"]
LOG_COLUMNS = ["step", "variable", "count", "detail"]
#: Above this share of unreadable values in one column, the file and the codebook disagree.
MAX_INVALID_SHARE = 0.05
_MOJIBAKE = re.compile("[ÂÃÄÅÆ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|á[º»]")


@dataclass
class CleanResult:
    """The outcome of cleaning one file: ``data``, ``quarantine``, ``log`` and the row accounting.

    Parameters
    ----------
    data : pandas.DataFrame
        The clean rows, typed (see :func:`clean_table`).
    quarantine : pandas.DataFrame
        One row per input row that could not be cleaned: the columns of :data:`QUARANTINE_COLUMNS`,
        then the row's values as read, personal data redacted (rows that
        :mod:`satisfaction.ingest.records` quarantines after cleaning carry their clean values).
    log : pandas.DataFrame
        Every rule applied, with its count, in the columns of :data:`LOG_COLUMNS`.
    rows_in : int
        Rows in the input.
    exact_duplicates : int
        Exact duplicate rows dropped.
    source : dict, optional
        What was cleaned: ``file`` and ``sheet`` as :func:`clean_table` sets them; empty by default.

    Examples
    --------
    >>> result = CleanResult(data=pd.DataFrame({"a": [1, 2]}),
    ...                      quarantine=pd.DataFrame(columns=QUARANTINE_COLUMNS),
    ...                      log=pd.DataFrame(columns=LOG_COLUMNS), rows_in=3, exact_duplicates=1)
    >>> result.check()
    >>> result.report().to_numpy().tolist()
    [['rows_in', 3], ['rows_clean', 2], ['rows_quarantined', 0], ['exact_duplicates_dropped', 1]]
    """

    data: pd.DataFrame
    quarantine: pd.DataFrame
    log: pd.DataFrame
    rows_in: int
    exact_duplicates: int
    source: dict = field(default_factory=dict)

    @property
    def accounting(self) -> dict[str, int]:
        """Rows in, clean, quarantined and dropped as exact duplicates.

        Returns
        -------
        dict of str to int
            ``rows_in``, ``rows_clean`` (the rows of ``data``), ``rows_quarantined`` (the rows of
            ``quarantine``) and ``exact_duplicates_dropped``.
        """
        return {"rows_in": self.rows_in, "rows_clean": len(self.data), "rows_quarantined": len(self.quarantine),
                "exact_duplicates_dropped": self.exact_duplicates}

    def check(self) -> None:
        """Raise if any input row is unaccounted for (a bug, never a data problem).

        Returns
        -------
        None

        Raises
        ------
        RuntimeError
            When ``rows_in`` is not the sum of the clean rows, the quarantined rows and the exact
            duplicates dropped.
        """
        a = self.accounting
        if a["rows_in"] != a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"]:
            raise RuntimeError(f"rows lost in cleaning: {a}")

    def report(self) -> pd.DataFrame:
        """One table for people: the accounting, then the quarantine by reason and column.

        Returns
        -------
        pandas.DataFrame
            The columns ``item`` and ``count``: the four entries of :attr:`accounting`, then one row
            ``quarantined: <reason> (<column>)`` per reason and column of the quarantine, sorted.
        """
        rows = [{"item": k, "count": v} for k, v in self.accounting.items()]
        if len(self.quarantine):
            by = self.quarantine.groupby(["reason", "column"]).size()
            rows += [{"item": f"quarantined: {r} ({c})", "count": int(n)} for (r, c), n in by.items()]
        return pd.DataFrame(rows)


class _Problems:
    """Collects (row, reason, column, value) for rows that cannot be cleaned."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str, str, object]] = []

    def add(self, mask: pd.Series, reason: str, column: str, values: pd.Series) -> int:
        idx = mask[mask].index
        self.items += [(i, reason, column, values.at[i]) for i in idx]
        return len(idx)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.items, columns=["row", "reason", "column", "value"])


def _text(value) -> str | None:
    """A cell as text: numbers without a spurious ``.0``; blanks as ``None``."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?")


def _number(text: str) -> float:
    """A number as offices write it; NaN when the text is not one.

    ``.`` or ``,`` as the decimal mark (``4,5``, ``4.5``); both in one number, the last is the decimal mark
    and the other groups thousands (Vietnamese ``1.234,5``, English ``1,234.5``); one mark repeated groups
    thousands (``1.234.567``); spaces grouping thousands (``1 234,5``); a Unicode minus; a final ``%``
    (``97,5%`` is 97.5, the percentage as written)."""
    t = text.strip().replace("\u2212", "-")
    if t.endswith("%"):
        t = t[:-1].rstrip()
    if _GROUPED.fullmatch(t):
        t = re.sub(r"[ \u00a0\u202f]", "", t)
    if "." in t and "," in t:
        decimal = "." if t.rfind(".") > t.rfind(",") else ","
        t = t.replace("," if decimal == "." else ".", "").replace(",", ".")
    elif t.count(",") > 1 or t.count(".") > 1:
        mark = "," if t.count(",") > 1 else "."
        if not re.fullmatch(r"[+-]?\d{1,3}(?:" + re.escape(mark) + r"\d{3})+", t):
            return np.nan  # 1.2.3 is no number
        t = t.replace(mark, "")
    try:
        return float(t.replace(",", "."))
    except ValueError:
        return np.nan


def _repair_column(values: pd.Series) -> tuple[pd.Series, int]:
    """Repair every distinct string of a column; returns the column and how many cells changed."""
    repaired = map_unique(values, lambda v: (repair_text(v) or None) if isinstance(v, str) else v)
    changed = values.notna() & (repaired.astype(object) != values.astype(object))
    return (repaired, int(changed.sum())) if changed.any() else (values, 0)


def _value_map(codebook: pd.DataFrame, var: str) -> dict[str, int]:
    """Key of every accepted way of writing an answer -> code (labels in any case or accents, codes).

    The English labels (``values_en``) are accepted too, as an export with English value labels (an SPSS
    file made by a consultant) writes them; a Vietnamese label keeps its code where the two spell alike."""
    row = codebook.set_index("variable").loc[var]
    out = {}
    for pair in row["values"].split(";"):
        code, label = pair.split("=", 1)
        out[ascii_key(label)] = int(code)
        out[ascii_key(code)] = int(code)
    english = row.get("values_en", "") if hasattr(row, "get") else ""
    for pair in (english or "").split(";"):
        if "=" in pair:
            code, label = pair.split("=", 1)
            if code.strip().lstrip("-").isdigit():
                out.setdefault(ascii_key(label), int(code))
    return out


def _missing_keys(codebook: pd.DataFrame, var: str) -> set[str]:
    codes = codebook.set_index("variable").at[var, "missing_codes"]
    return {ascii_key(c) for c in codes.split(";") if c.strip()}


def _range(codebook: pd.DataFrame, var: str) -> tuple[float, float] | None:
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*-\s*(-?[\d.]+)\s*", codebook.set_index("variable").at[var, "values"])
    return (float(m.group(1)), float(m.group(2))) if m else None


def _too_many(bad: pd.Series, present: pd.Series, var: str, values: pd.Series, source: dict,
              what: str) -> None:
    """Stop when a column is mostly unreadable: the codebook does not describe this file."""
    n_present = int(present.sum())
    if n_present and bad.sum() / n_present > MAX_INVALID_SHARE:
        examples = [_redacted(v) for v in values[bad].astype(str).value_counts().head(5).index.tolist()]
        first_row = int(source.get("rows").at[bad.idxmax()]) if "rows" in source else None
        raise SatisfactionError(
            f"{bad.sum()} of {n_present} values ({bad.sum() / n_present:.0%}) are not {what}, for example "
            f"{examples}. Above {MAX_INVALID_SHARE:.0%} this means the codebook does not describe this file: "
            f"add the labels to the codebook's 'values' (or the codes to 'missing_codes') and clean again.",
            file=source.get("file"), sheet=source.get("sheet"), row=first_row, column=var)


def clean_survey(raw: pd.DataFrame, *, codebook: pd.DataFrame | None = None, wave: int | None = None,
                 source_file: str | None = None) -> CleanResult:
    """Clean one survey export read by :func:`satisfaction.ingest.read` with the same codebook.

    This is :func:`clean_table` with ``id_var="resp_id"``: questionnaires that share an ID but
    differ in their answers are quarantined.

    Parameters
    ----------
    raw : pandas.DataFrame
        The export, columns already named as the codebook's variables, with ``source_row``.
    codebook : pandas.DataFrame or None, optional
        The survey codebook (the package's SIPAS codebook by default).
    wave : int or None, optional
        The survey year, when the file has no ``wave`` column. From 2025 on it also makes a ward name
        that matches a commune of 2025-07-01 count as that commune even when it matches an old ward.
    source_file : str or None, optional
        The file's name for messages and the quarantine (default: from ``raw.attrs``).

    Returns
    -------
    CleanResult
        The clean data, the quarantine and the log, every input row accounted for.

    Raises
    ------
    SatisfactionError
        When more than :data:`MAX_INVALID_SHARE` of a column's non-blank values cannot be read.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> from satisfaction.ingest.readers import read_export
    >>> result = clean_survey(read_export(example("khao_sat_2024_sample.xlsx")), wave=2024)
    >>> result.check()
    >>> a = result.accounting
    >>> a["rows_in"] == a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"]
    True
    """
    cb = codebook if codebook is not None else load_codebook()
    return clean_table(raw, codebook=cb, wave=wave, source_file=source_file, id_var="resp_id", communes=True)


def clean_table(raw: pd.DataFrame, *, codebook: pd.DataFrame, id_var: str | None = None,
                wave: int | None = None, source_file: str | None = None, communes: bool = False,
                revisable: tuple[str, ...] = ()) -> CleanResult:
    """Clean any table read with its codebook (survey, cases, letters, petitions): see :func:`clean_survey`.

    ``id_var`` names the variable that identifies a record: rows sharing it with different values
    are quarantined as conflicting duplicates.

    Only the codebook's variables are cleaned; other columns are left out of the clean data (the
    quarantine keeps them). In order, each step logged with its count: personal data replaced in the
    ``text`` variables (:func:`satisfaction.ingest.privacy.redact_series`); every cell of the
    variables repaired (:func:`satisfaction.vietnamese.repair_text`); rows identical in every column
    but ``source_row`` dropped, the first kept; then each variable by its ``type``:

    - ``likert5``, ``categorical``: missing codes and blanks become NA; labels (compared by
      :func:`satisfaction.vietnamese.ascii_key`) and codes become codes (``Int8``); a number that is
      no code is ``out_of_range``, anything else ``invalid_value``;
    - ``integer``, ``numeric``: numbers with ``.`` or ``,`` as the decimal mark (``Int64``,
      ``Float64``); one outside the range written ``low-high`` in ``values`` (``weight`` must also
      be above 0), or not whole for ``integer``, is ``out_of_range``; text that is no number is
      ``invalid_value``;
    - ``date``: :func:`satisfaction.ingest.dates.parse_dates` (``datetime64``); ``invalid_date``
      when not a date;
    - ``id``, ``text``, ``place``: the text, trimmed (``string``).

    A blank value of a variable whose ``required`` is ``yes`` is ``missing_required``. When
    ``district_name`` is a variable, places are matched (:mod:`satisfaction.ingest.places`):
    ``district_code`` is inserted after it and, with ``ward_name``, ``ward_code``, ``new_ward`` and
    ``new_ward_candidates`` are added; a ``psu_code`` of digits is then zero-padded to 5 digits (any
    other becomes missing) and, when it is a known ward, used as the ward code. A district name that
    matches no unit or several, and a ward name that gives neither an old ward code nor a commune of
    2025-07-01, are quarantined. With ``communes`` (surveys), a table with ``ward_name`` but no
    ``district_name`` (a survey after
    2025-07-01, when there are no districts) has each ward name matched to a commune-level unit of 2025
    of the study's provinces (:func:`satisfaction.config.provinces`), written as ``new_ward``; a name
    matching none, or several, is quarantined. Last, rows sharing ``id_var``: rows that differ only in
    the ``revisable`` variables are revisions of one record (a register appended with updated rows), and
    every one but the last is quarantined as ``superseded_revision`` (its ``value`` names the row that
    supersedes it); every other row whose ``id_var`` another row shares is quarantined
    (``conflicting_duplicate``).

    Parameters
    ----------
    raw : pandas.DataFrame
        The table as :func:`satisfaction.ingest.readers.read` returns it with ``codebook``: columns
        named as its variables and ``source_row`` (numbered from 2 when absent); the file and sheet
        are taken from ``raw.attrs["source"]`` when there.
    codebook : pandas.DataFrame
        The codebook (:func:`satisfaction.ingest.codebook.load_codebook`).
    id_var : str or None, optional
        The variable that identifies a record; no check for conflicting duplicates when None or not
        a column.
    wave : int or None, optional
        Added as an ``Int64`` column ``wave`` when the table has none; from 2025 on, a ward name that
        matches a commune of 2025-07-01 is read as that commune.
    source_file : str or None, optional
        The file's name for messages and the quarantine (default: from ``raw.attrs``).
    communes : bool, optional
        Match the ward names of a table without districts to the communes of 2025-07-01 (surveys).
    revisable : tuple of str, optional
        The variables a later revision of a record may change (a case's ``returned`` date and
        ``status``); none by default, so that any difference is a conflict.

    Returns
    -------
    CleanResult
        ``data`` holds ``source_file``, ``source_row`` (``Int64``), ``wave`` when added, the codebook's
        variables in its order and the place columns; every input row is clean, quarantined (with the
        first of its problems as ``reason`` and all of them in ``problems``) or an exact duplicate.

    Raises
    ------
    SatisfactionError
        When more than :data:`MAX_INVALID_SHARE` of a column's non-blank values cannot be read (as
        labels or codes, numbers or dates): the codebook does not describe the file.
    """
    cb = codebook
    meta = dict(raw.attrs.get("source", {}))
    source = {"file": source_file or meta.get("file"), "sheet": meta.get("sheet")}
    if "source_row" not in raw.columns:
        raw = raw.assign(source_row=np.arange(2, len(raw) + 2))
    source["rows"] = raw["source_row"]
    types = cb.set_index("variable")["type"]
    known = [v for v in cb["variable"] if v in raw.columns]
    log: list[dict] = []
    if meta.get("hidden_sheets_skipped"):  # the reader took the first visible sheet: say which were passed over
        skipped = meta["hidden_sheets_skipped"]
        log.append({"step": "hidden_sheets_skipped", "variable": "", "count": len(skipped),
                    "detail": f"hidden sheets not read: {', '.join(map(str, skipped))}; read {meta.get('sheet')!r}"})
    if meta.get("damaged_bytes"):
        log.append({"step": "damaged_bytes", "variable": "", "count": int(meta["damaged_bytes"]),
                    "detail": "bytes that are not UTF-8 in a UTF-8 file, read as \ufffd: a value holding one "
                    "goes through its variable's own checks (a place within edit distance still matches)"})
    if meta.get("percent_cells"):
        log.append({"step": "percent_cells_as_shown", "variable": "", "count": int(meta["percent_cells"]),
                    "detail": "numbers in percent-formatted cells read as shown (0.975 shown 97.5% is 97.5)"})
    problems = _Problems()
    rows_in = len(raw)
    # a formula saved without its value reads as blank: not a missing answer, an unknown one
    for var in sorted({v for _, v in meta.get("uncached_formulas", []) if v in known}):
        rows = {r for r, v in meta["uncached_formulas"] if v == var}
        n = problems.add(raw["source_row"].isin(rows), "uncached_formula", var,
                         pd.Series("a formula saved without its value", index=raw.index))
        log.append({"step": "uncached_formula", "variable": var, "count": n,
                    "detail": "the workbook holds the formula but not its result (never opened in a spreadsheet "
                    "program since): open and save it in Excel or LibreOffice, then clean again"})

    # 1. personal data out of free text, before anything else sees it
    work = raw.copy()
    labels = cb.set_index("variable")[["label_vi", "label_en"]]
    for var in [v for v in known if types[v] == "text"]:
        # a text variable that is itself personal data (a study's "Họ tên"): withheld whole
        kind = next(filter(None, map(personal_column, [var, *labels.loc[var]])), None)
        if kind:
            work[var] = withhold(work[var], kind)
            log.append({"step": "withhold_personal_column", "variable": var, "count": int(work[var].notna().sum()),
                        "detail": kind})
            continue
        work[var], counts = redact_series(work[var])
        for kind, n in sorted(counts.items()):
            log.append({"step": "redact_personal_data", "variable": var, "count": n, "detail": kind})
    # what the quarantine keeps: every column as read (answers and columns the codebook does not know
    # included), less personal data; a column the codebook does not know whose header names personal data
    # ("Họ và tên", "Số điện thoại", "Địa chỉ") is withheld whole, since a bare name is caught by no text rule
    redacted = work.copy()
    for col in [c for c in redacted.columns if c != "source_row"]:
        kind = None if col in known else personal_column(col)
        if kind:
            redacted[col] = withhold(redacted[col], kind)
            log.append({"step": "withhold_personal_column", "variable": str(col),
                        "count": int(redacted[col].notna().sum()), "detail": f"{kind} (not in the codebook)"})
        elif redacted[col].dtype == object or pd.api.types.is_string_dtype(redacted[col]):
            redacted[col] = redact_series(redacted[col])[0]

    # 2. text repair (mojibake, NFC, tone placement, whitespace) on every text cell
    for var in known:
        work[var], n = _repair_column(work[var])
        if n:
            log.append({"step": "repair_text", "variable": var, "count": n, "detail": "mojibake, NFC, tones, spaces"})

    # 3. exact duplicates: every value identical after repair
    data_cols = [c for c in work.columns if c != "source_row"]
    exact = row_duplicates(work[data_cols])
    n_exact = int(exact.sum())
    log.append({"step": "drop_exact_duplicates", "variable": "", "count": n_exact, "detail": "kept the first"})
    work, redacted = work[~exact], redacted[~exact]

    clean = pd.DataFrame(index=work.index)
    clean["source_file"] = source["file"]
    clean["source_row"] = work["source_row"].astype("Int64")
    if wave is not None and "wave" not in work.columns:
        clean["wave"] = pd.array([wave] * len(work), dtype="Int64")

    for var in known:
        kind = types[var]
        values = work[var]
        text = map_unique(values, _text)
        present = text.notna()
        required = str(cb.set_index("variable").at[var, "required"]).strip().lower() in ("yes", "true", "1", "có")
        if required:
            n = problems.add(~present, "missing_required", var, values)
            if n:
                log.append({"step": "missing_required", "variable": var, "count": n, "detail": "quarantined"})
        if kind in ("likert5", "categorical"):
            missing = _missing_keys(cb, var) if cb.set_index("variable").at[var, "missing_codes"] else set()
            keys = map_unique(text, ascii_key)
            is_missing = keys.isin(missing)
            if is_missing.any():
                log.append({"step": "missing_code_to_na", "variable": var, "count": int(is_missing.sum()),
                            "detail": "; ".join(sorted(set(text[is_missing])))})
            blank = ~present
            if blank.any() and not required:
                log.append({"step": "blank_to_na", "variable": var, "count": int(blank.sum()), "detail": ""})
            mapping = _value_map(cb, var)
            codes = keys.map(mapping)
            numeric = map_unique(text, _number).astype(float)
            # a number is read as a number: its sign and decimals count ("-1" is not code 1, "4.0" is code 4);
            # the accent-insensitive key, which drops both, is for labels only
            valid = sorted({code for key, code in mapping.items() if key.isdigit()})
            codes = codes.where(numeric.isna(), numeric.where(numeric.isin(valid)))
            answered = present & ~is_missing
            out_of_range = answered & codes.isna() & numeric.notna()
            invalid = answered & codes.isna() & numeric.isna()
            _too_many(invalid | out_of_range, answered, var, values, source, "labels or codes of the codebook")
            for mask, reason in [(invalid, "invalid_value"), (out_of_range, "out_of_range")]:
                n = problems.add(mask, reason, var, values)
                if n:
                    log.append({"step": reason, "variable": var, "count": n, "detail": "quarantined"})
            n_labels = int((answered & codes.notna() & numeric.isna()).sum())
            if n_labels:
                log.append({"step": "label_to_code", "variable": var, "count": n_labels, "detail": ""})
            clean[var] = codes.astype("Int8")
        elif kind in ("integer", "numeric"):
            number = map_unique(text, _number).astype(float)
            invalid = present & number.isna()
            _too_many(invalid, present, var, values, source, "numbers")
            bounds = _range(cb, var)
            low, high = bounds if bounds else (0.0 if var == "weight" else -np.inf, np.inf)
            outside = number.notna() & ((number < low) | (number > high) | ((var == "weight") & (number <= 0))
                                        | ~np.isfinite(number))  # "inf" is not a weight or an age
            if kind == "integer":
                outside |= number.notna() & (number % 1 != 0)
            for mask, reason in [(invalid, "invalid_value"), (outside, "out_of_range")]:
                n = problems.add(mask, reason, var, values)
                if n:
                    log.append({"step": reason, "variable": var, "count": n, "detail": "quarantined"})
            # quarantined values leave the column, so that it can hold integers ("30.5", "1e400")
            clean[var] = number.where(~(invalid | outside)).astype("Int64" if kind == "integer" else "Float64")
        elif kind == "date":
            dates, invalid = parse_dates(values)
            _too_many(invalid, present, var, values, source, "dates")
            n = problems.add(invalid, "invalid_date", var, values)
            if n:
                log.append({"step": "invalid_date", "variable": var, "count": n, "detail": "quarantined"})
            if wave is not None and var == "survey_date":
                year = dates.dt.year
                outside = dates.notna() & ((year < wave - FIELD_PERIOD_YEARS) | (year > wave + FIELD_PERIOD_YEARS))
                n = problems.add(outside, "date_outside_field_period", var, values)
                if n:
                    log.append({"step": "date_outside_field_period", "variable": var, "count": n,
                                "detail": f"not within {wave} ± {FIELD_PERIOD_YEARS} year: quarantined"})
            clean[var] = dates
        elif kind == "id":
            clean[var] = text.astype("string")
        elif kind in ("text", "place"):
            clean[var] = text.astype("string")

    if "district_name" in known:
        _clean_places(work, clean, problems, log, wave)
    elif communes and "ward_name" in known:
        _clean_communes(work, clean, problems, log)

    # same ID, different answers: every such row goes to the quarantine. But first, rows that are the same
    # once read ("Hài lòng" and "Hai long" are one answer) are one questionnaire entered twice: dropped as
    # exact duplicates (a row with a problem of its own is left to the quarantine)
    if id_var and id_var in clean.columns:
        value_cols = [c for c in clean.columns if c not in ("source_file", "source_row")]
        flagged = {row for row, *_ in problems.items}
        unflagged = ~clean.index.isin(list(flagged))  # a copy is dropped only for a kept copy that is clean
        twins = pd.Series(False, index=clean.index)
        twins[unflagged] = clean.loc[unflagged, value_cols].duplicated(keep="first")
        twins &= clean[id_var].notna()
        if twins.any():
            n_twins = int(twins.sum())
            n_exact += n_twins
            clean = clean[~twins]
            log.append({"step": "drop_duplicates_after_reading", "variable": id_var, "count": n_twins,
                        "detail": "the same answers once labels are read; kept the first"})
        ids = clean[id_var]
        if revisable and ids.duplicated().any():
            # a register revised and appended: the same record again with its progress updated (a case now
            # returned). Rows agreeing on everything else (a place by its matched code: "Q. Ba Đình" and
            # "Quận Ba Đình" are one unit) are one record; the last one written is kept
            fixed = [c for c in value_cols if c not in revisable and c != id_var
                     and not (c in SPELLED_PLACES and SPELLED_PLACES[c] in clean.columns)]
            unflagged = ~clean.index.isin([row for row, *_ in problems.items])
            same = clean[unflagged & ids.notna()]
            groups = same.groupby([id_var, *fixed], dropna=False, sort=False)
            last = groups["source_row"].transform("last")
            older = same.index[same["source_row"].to_numpy() != last.to_numpy()]
            if len(older):
                superseded = pd.Series(clean.index.isin(older), index=clean.index)
                by = pd.Series("", index=clean.index, dtype=object)
                by[older] = [f"{ids.at[i]}: superseded by row {int(r)}" for i, r in zip(older, last[older], strict=True)]
                problems.add(superseded, "superseded_revision", id_var, by)
                log.append({"step": "superseded_revision", "variable": id_var, "count": len(older),
                            "detail": f"earlier versions of {same.loc[older, id_var].nunique()} records revised "
                            "later in the file: the last version kept, the earlier quarantined"})
                ids = ids.where(~superseded)
        conflict = ids.notna() & ids.duplicated(keep=False)
        n = problems.add(conflict, "conflicting_duplicate", id_var, clean[id_var])
        if n:
            log.append({"step": "conflicting_duplicate", "variable": id_var, "count": n,
                        "detail": f"{ids[conflict].nunique()} IDs, all their rows quarantined"})

    found = problems.frame()
    quarantined_rows = pd.Index(found["row"].unique())
    quarantine = _quarantine_table(found, redacted, source["file"])
    data = clean.drop(index=quarantined_rows).reset_index(drop=True)
    # a column the codebook describes but the file does not have (an optional one: required ones were refused
    # when reading) is there, empty, so that what comes after can rely on it; the log says so
    for var in [v for v in cb["variable"] if v not in known and v not in data.columns]:
        data[var] = empty_column(types[var], data.index)
        log.append({"step": "column_absent", "variable": var, "count": len(data), "detail": "not in the file: empty"})
    for var in [v for v in known if types[v] in ("likert5", "categorical")]:
        log.append({"step": "missing_in_clean_data", "variable": var, "count": int(data[var].isna().sum()),
                    "detail": "NA after cleaning"})
    result = CleanResult(data=data, quarantine=quarantine, log=pd.DataFrame(log, columns=LOG_COLUMNS),
                         rows_in=rows_in, exact_duplicates=n_exact, source={k: v for k, v in source.items() if k != "rows"})
    result.check()
    return result


#: The dtype of a codebook type's clean column (``string`` for the others).
EMPTY_DTYPES = {"date": "datetime64[ns]", "likert5": "Int8", "categorical": "Int8", "integer": "Int64",
                "numeric": "Float64"}


def empty_column(kind: str, index: pd.Index) -> pd.Series:
    """An all-missing clean column of a codebook type: for a variable the file (or a study's codebook) lacks.

    Parameters
    ----------
    kind : str
        The codebook ``type`` (``date``, ``likert5``, ``categorical``, ``integer``, ``numeric``, ``text``...).
    index : pandas.Index
        The index of the clean data.

    Returns
    -------
    pandas.Series
        NaT or NA in the dtype of :data:`EMPTY_DTYPES` (``string`` for the other types).

    Examples
    --------
    >>> empty_column("likert5", pd.RangeIndex(2)).dtype, empty_column("date", pd.RangeIndex(1)).dtype
    (Int8Dtype(), dtype('<M8[ns]'))
    """
    return pd.Series(pd.NaT if kind == "date" else pd.NA, index=index, dtype=EMPTY_DTYPES.get(kind, "string"))


def _clean_places(work: pd.DataFrame, clean: pd.DataFrame, problems: _Problems, log: list[dict],
                  wave: int | None) -> None:
    """District and ward names to GSO codes; the unit of 2025-07-01 beside the old code."""
    d = places.match_districts(work["district_name"])
    clean.insert(clean.columns.get_loc("district_name") + 1, "district_code", d["code"])
    for status, reason in [("unmatched", "unmatched_place"), ("ambiguous", "ambiguous_place")]:
        n = problems.add(d["match"] == status, reason, "district_name", work["district_name"])
        if n:
            log.append({"step": reason, "variable": "district_name", "count": n, "detail": "quarantined"})
    n_fuzzy = int((d["match"] == "fuzzy").sum())
    if n_fuzzy:
        log.append({"step": "place_fuzzy_match", "variable": "district_name", "count": n_fuzzy,
                    "detail": "within the edit-distance bound, unique"})
    if "ward_name" not in work.columns:
        return
    old = places.match_wards(work["ward_name"], d["code"])
    # an old ward name becomes its new commune only within its former district (the crosswalk's rule)
    new = places.match_new_communes(work["ward_name"], d["code"])
    ward_code = old["code"]
    if "psu_code" in work.columns:  # the sampling unit's code, when valid, is the surest old ward code
        psu = map_unique(work["psu_code"], lambda v: t.zfill(5) if (t := _text(v)) and t.isdigit() else None)
        ward_district = places.reference.wards().set_index("ward_code")["district_code"]
        valid = psu.isin(set(ward_district.index))
        # a PSU that is another district's ward, or a ward name that matched another ward exactly, is a
        # contradiction the data cannot settle: quarantined, never overridden in silence
        other_district = valid & d["code"].notna() & (psu.map(ward_district) != d["code"])
        # (from 2025 on the names are the new communes: a name equal to an old ward's says nothing of the PSU)
        names_new_units = wave is not None and wave >= 2025
        other_ward = valid & ~other_district & (old["match"] == "exact") & (old["code"] != psu) & (
            not names_new_units)
        n = problems.add(other_district | other_ward, "place_contradiction", "psu_code", work["psu_code"])
        if n:
            log.append({"step": "place_contradiction", "variable": "psu_code", "count": n, "detail": "quarantined"})
        ward_code = psu.where(valid, ward_code)
        clean["psu_code"] = psu.astype("string")
    is_new = new["match"].isin(["exact", "fuzzy"]) & old["match"].isin(["unmatched", "ambiguous"])
    if wave is not None and wave >= 2025:
        is_new = new["match"].isin(["exact", "fuzzy"])
    units = places.new_units(ward_code)
    clean["ward_code"] = ward_code.astype("string")
    clean["new_ward"] = new["name"].where(is_new, units["new_ward"]).astype("string")
    clean["new_ward_candidates"] = units["new_ward_candidates"].astype("string")
    unresolved = work["ward_name"].notna() & ward_code.isna() & ~is_new
    n = problems.add(unresolved, "unmatched_place", "ward_name", work["ward_name"])
    if n:
        log.append({"step": "unmatched_place", "variable": "ward_name", "count": n, "detail": "quarantined"})
    n_new = int(is_new.sum())
    if n_new:
        log.append({"step": "place_new_unit", "variable": "ward_name", "count": n_new,
                    "detail": "named by the commune of 2025-07-01; old ward code from the PSU"})


def _clean_communes(work: pd.DataFrame, clean: pd.DataFrame, problems: _Problems, log: list[dict]) -> None:
    """A survey without districts (after 2025-07-01 there are none): each ward name matched to a
    commune-level unit of 2025 of the study's provinces; ``new_ward`` beside it, the unmatched quarantined."""
    new = places.match_new_communes(work["ward_name"])
    clean["new_ward"] = new["name"].astype("string")
    for status, reason in [("unmatched", "unmatched_place"), ("ambiguous", "ambiguous_place")]:
        n = problems.add(new["match"] == status, reason, "ward_name", work["ward_name"])
        if n:
            log.append({"step": reason, "variable": "ward_name", "count": n, "detail": "quarantined"})
    n_fuzzy = int((new["match"] == "fuzzy").sum())
    if n_fuzzy:
        log.append({"step": "place_fuzzy_match", "variable": "ward_name", "count": n_fuzzy,
                    "detail": "within the edit-distance bound, unique"})


def _redacted(value):
    """A value as the quarantine and messages may show it: personal data replaced."""
    return redact(value)[0] if isinstance(value, str) else value


def _quarantine_table(found: pd.DataFrame, redacted: pd.DataFrame, source_file: str | None) -> pd.DataFrame:
    """One row per quarantined input row: first reason, its column and value, all problems, the raw row."""
    if found.empty:
        return pd.DataFrame(columns=QUARANTINE_COLUMNS + [c for c in redacted.columns if c != "source_row"])
    found = found.assign(text=found["reason"] + ":" + found["column"])
    first = found.groupby("row", sort=True).first()
    every = found.groupby("row", sort=True)["text"].agg("; ".join)
    raw = redacted.loc[first.index]
    out = pd.DataFrame({"source_file": source_file, "source_row": raw["source_row"].to_numpy(),
                        "reason": first["reason"].to_numpy(), "column": first["column"].to_numpy(),
                        "value": first["value"].map(_text).map(_redacted).to_numpy(), "problems": every.to_numpy()})
    rest = raw.drop(columns="source_row").reset_index(drop=True).astype(object)
    return pd.concat([out, rest], axis=1)
