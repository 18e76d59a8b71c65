"""Personal data in free text: phone numbers, ID card numbers and e-mail addresses, replaced by placeholders.

Citizens write their phone number or ID number into comments and petitions. Cleaning replaces them
before anything else sees the text (the quarantine table included), and counts what it replaced.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEP = r"[\s.\-]{0,2}"
# Vietnamese phone numbers in every way people write them: mobile (0 + 9 digits) and landline (0 + 10 digits,
# the area code often in brackets), with +84, (+84), 0084 or a bare 84 instead of the 0, digits grouped by
# spaces, dots or dashes, glued to a word ("sdt0968..."). The digits are counted by _phone() below.
PHONE = re.compile(r"(?<![\d+])(?:(?:\(\s*\+?\s*84\s*\)|\+\s*84|0084|84)(?:\s*\(0\))?|\(\s*0\d{1,3}\s*\)|0)"
                   r"(?:" + _SEP + r"\d){8,10}(?!\d)")
# ID numbers: the citizen identity card (căn cước công dân, 12 digits) and the older ID card (chứng minh nhân
# dân, 9 digits), plain or in groups separated by single spaces ("001 085 012 347", "0010 8501 2348")
# (not glued to a letter or to a digit group before: "HN24-001-0001" is a respondent ID, "1 000 000 000" an amount)
CCCD = re.compile(r"(?<![\w])(?<!\d[ .,\-])\d(?:[ .\-]?\d){11}(?!\d|[ .,\-]\d)")
CMND = re.compile(r"(?<![\w])(?<!\d[ .,\-])\d(?:[ .\-]?\d){8}(?!\d|[ .,\-]\d)")
PLACEHOLDERS = {"email": "[EMAIL]", "phone": "[SĐT]", "cccd": "[CCCD]", "cmnd": "[CMND]"}


def _grouped_like_a_number(text: str) -> bool:
    """``100.000.000``, ``84.500.000.000``, ``100 000 000``, ``201 202 203``: thousands groups after a first
    group without a leading zero (an amount, a list of rooms), or groups that are all years (2019 2020 2021);
    never a phone or an ID, which start with 0 or are grouped otherwise."""
    groups = re.split(r"[\s.\-]+", text.strip())
    if len(groups) < 2 or not all(g.isdigit() for g in groups):
        return False
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return True
    return not groups[0].startswith("0") and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _identity(placeholder: str):
    def replace(match: re.Match) -> str:
        return match.group(0) if _grouped_like_a_number(match.group(0)) else placeholder
    return replace


def _phone(match: re.Match) -> str:
    """The placeholder when a match has the digits of a Vietnamese number, else the text as it was."""
    text = match.group(0)
    if _grouped_like_a_number(text):
        return text
    digits = re.sub(r"\D", "", text)
    if "(0)" in text.replace(" ", ""):
        digits = digits.replace("0", "", 1) if digits.startswith("840") else digits
    if digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84") and not text.lstrip("( ").startswith("0"):
        national = digits[2:]
    else:
        national = digits[1:] if digits.startswith("0") else None
    # mobile: 9 digits after the 0 (first 3, 5, 7, 8 or 9), or 10 for the old 01x mobiles; landline: 10 (a
    # 2-digit area code starting with 2)
    ok = national is not None and ((len(national) == 9 and national[0] in "35789")
                                   or (len(national) == 10 and national[0] in "12"))
    return PLACEHOLDERS["phone"] if ok else text


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
    >>> redact("sdt0968257413, (024) 3791 5826, (+84) 917 462 358, CCCD 001 085 012 347")[0]
    'sdt[SĐT], [SĐT], [SĐT], CCCD [CCCD]'
    >>> redact("Phí 100.000.000 đồng, hồ sơ HS2024-000001 ngày 02/09/2024")[1]
    {}
    """
    counts: dict[str, int] = {}
    for kind, pattern in [("email", EMAIL), ("phone", PHONE), ("cccd", CCCD), ("cmnd", CMND)]:
        before = text.count(PLACEHOLDERS[kind])
        replacement = _phone if kind == "phone" else _identity(PLACEHOLDERS[kind]) if kind in ("cccd", "cmnd") \
            else PLACEHOLDERS[kind]
        text = pattern.sub(replacement, text)
        n = text.count(PLACEHOLDERS[kind]) - before
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
