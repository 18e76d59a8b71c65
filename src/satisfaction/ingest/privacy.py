"""Personal data in free text: phone numbers, ID card numbers and e-mail addresses, replaced by placeholders.

Citizens write their phone number or ID number into comments and petitions. Cleaning replaces them
before anything else sees the text (the quarantine table included), and counts what it replaced.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese mobile and landline numbers: 0 or +84, then 9 digits, written plain or grouped by . - or space
PHONE = re.compile(r"(?<![\w+])(?:\+84|0084|0)[\s.-]{0,2}(?:\d[\s.-]{0,2}){8}\d(?!\d)")
CCCD = re.compile(r"(?<!\d)\d{12}(?!\d)")  # citizen identity card (căn cước công dân), 12 digits
CMND = re.compile(r"(?<!\d)\d{9}(?!\d)")   # the older people's ID card (chứng minh nhân dân), 9 digits
PLACEHOLDERS = {"email": "[EMAIL]", "phone": "[SĐT]", "cccd": "[CCCD]", "cmnd": "[CMND]"}


def redact(text: str) -> tuple[str, dict[str, int]]:
    """Replace e-mail addresses, phone numbers and 12- and 9-digit ID numbers; returns the text and counts.

    The patterns are applied in the order :data:`EMAIL`, :data:`PHONE`, :data:`CCCD`, :data:`CMND`,
    each match replaced by its placeholder in :data:`PLACEHOLDERS`.

    Parameters
    ----------
    text : str
        Free text.

    Returns
    -------
    text : str
        The text with the placeholders.
    counts : dict of str to int
        Replacements per kind (``email``, ``phone``, ``cccd``, ``cmnd``), only for the kinds found.

    Examples
    --------
    >>> redact("Gọi 0912.345.678 hoặc +84 912 345 678, CCCD 001203004567, email an.nguyen@gmail.com")
    ('Gọi [SĐT] hoặc [SĐT], CCCD [CCCD], email [EMAIL]', {'email': 1, 'phone': 2, 'cccd': 1})
    >>> redact("Chờ 45 phút, 3 lần đi lại")
    ('Chờ 45 phút, 3 lần đi lại', {})
    """
    counts: dict[str, int] = {}
    for kind, pattern in [("email", EMAIL), ("phone", PHONE), ("cccd", CCCD), ("cmnd", CMND)]:
        text, n = pattern.subn(PLACEHOLDERS[kind], text)
        if n:
            counts[kind] = n
    return text, counts


def redact_series(values: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Redact a column of text, working on its distinct values; returns the column and total counts.

    Each distinct string is redacted once with :func:`redact`; values that are not strings are kept
    as they are, and missing values become ``None``.

    Parameters
    ----------
    values : pandas.Series
        A column of free text.

    Returns
    -------
    redacted : pandas.Series
        The redacted column (object dtype), indexed like ``values``.
    totals : dict of str to int
        Replacements per kind over all rows (a value that occurs in n rows counts n times), only for
        the kinds found.

    Examples
    --------
    >>> out, totals = redact_series(pd.Series(["Gọi 0912345678", None, "Gọi 0912345678"]))
    >>> out.tolist(), totals
    (['Gọi [SĐT]', None, 'Gọi [SĐT]'], {'phone': 2})
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    frequency = np.bincount(codes[codes >= 0], minlength=len(uniques))
    cleaned = np.empty(len(uniques) + 1, dtype=object)
    cleaned[-1] = None
    totals: dict[str, int] = {}
    for k, value in enumerate(uniques):
        if isinstance(value, str):
            cleaned[k], counts = redact(value)
            for kind, n in counts.items():
                totals[kind] = totals.get(kind, 0) + n * int(frequency[k])
        else:
            cleaned[k] = value
    return pd.Series(cleaned[codes], index=values.index, dtype=object), totals
