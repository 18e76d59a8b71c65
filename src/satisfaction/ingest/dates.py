"""Dates as Vietnamese offices write them: dd/mm/yyyy, yyyy-mm-dd, Excel serials, "ngày 5 tháng 3 năm 2024"."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from satisfaction.ingest._unique import map_unique

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?\s*$")
_WORDS = re.compile(r"^\s*ng[aà]y\s+(\d{1,2})\s+th[aá]ng\s+(\d{1,2})\s+n[aă]m\s+(\d{4})\s*$", re.IGNORECASE)
_SERIAL = re.compile(r"^\s*(\d{5})(?:\.0+)?\s*$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Serials outside this range are not taken for dates (1982-2064).
SERIAL_RANGE = (30000, 60000)


def parse_date(value) -> dt.date | None:
    """One date, or ``None`` when the value is not a date that exists.

    Accepted values: :class:`datetime.datetime` (a :class:`pandas.Timestamp` too), whose date is
    kept; :class:`datetime.date`; and strings written ``d/m/yyyy`` (``/``, ``.`` or ``-`` between the
    parts), ``yyyy-m-d`` (optionally followed by ``00:00`` or ``00:00:00`` after a space or ``T``),
    ``ngày d tháng m năm yyyy`` (in any case, the words also without diacritics), or as a five-digit
    Excel serial number (``.0`` allowed) within :data:`SERIAL_RANGE`, counted in days from
    :data:`EXCEL_EPOCH`. Python ints and floats are read as their text, a whole float without its
    ``.0``. Anything else gives ``None``: other times of day, two-digit years, booleans, NumPy
    integers. ``pandas.NaT`` is returned as it is.

    Parameters
    ----------
    value : object
        A cell as read.

    Returns
    -------
    datetime.date or None
        The date, or ``None``.

    Examples
    --------
    >>> [parse_date(v) for v in ["05/03/2024", "2024-03-05", "45356", "ngày 5 tháng 3 năm 2024"]]
    [datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), datetime.date(2024, 3, 5)]
    >>> parse_date("30/02/2024") is None
    True
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        return None
    for pattern, order in [(_DMY, "dmy"), (_YMD, "ymd"), (_WORDS, "dmy")]:
        m = pattern.match(value)
        if m:
            a, b, c = map(int, m.groups())
            d, mth, y = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return dt.date(y, mth, d)
            except ValueError:
                return None
    m = _SERIAL.match(value)
    if m and SERIAL_RANGE[0] <= int(m.group(1)) <= SERIAL_RANGE[1]:
        return EXCEL_EPOCH + dt.timedelta(days=int(m.group(1)))
    return None


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column (on its distinct values); returns the dates and a mask of values that are not dates.

    Blank values are missing, not invalid.

    Each distinct value is parsed once, with :func:`parse_date`.

    Parameters
    ----------
    values : pandas.Series
        A column of raw cells.

    Returns
    -------
    dates : pandas.Series
        Datetimes (``datetime64``), NaT where the value is missing, blank or not a date; indexed like
        ``values``.
    invalid : pandas.Series
        Boolean: True where a value is present (neither missing nor a blank string) but is not a date.

    Examples
    --------
    >>> dates, invalid = parse_dates(pd.Series(["05/03/2024", " ", None, "30/02/2024"]))
    >>> dates.tolist(), invalid.tolist()
    ([Timestamp('2024-03-05 00:00:00'), NaT, NaT, NaT], [False, False, False, True])
    """
    blank = map_unique(values, lambda v: isinstance(v, str) and not v.strip()).astype(bool)
    present = values.notna() & ~blank
    parsed = map_unique(values.where(present), parse_date)
    out = pd.to_datetime(parsed, errors="coerce")
    return out, present & out.isna()
