"""Codebooks: what each variable means, in Vietnamese and English, and how it may appear raw.

A codebook is a CSV file with one row per variable and the columns ``variable, label_vi,
label_en, type, factor, values, values_en, missing_codes, required, source_columns``.
``values`` holds ``code=label`` pairs separated by ``;``; ``source_columns`` holds the raw
headers a variable may appear under, separated by ``|`` (the first is the one the simulator
writes). Users adapt a copy of the codebook to their own questionnaire; no code changes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.vietnamese import ascii_key, strip_diacritics

COLUMNS = ["variable", "label_vi", "label_en", "type", "factor", "values", "values_en",
           "missing_codes", "required", "source_columns"]
TYPES = {"id", "integer", "numeric", "date", "categorical", "likert5", "place", "text"}


def load_codebook(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a codebook: a CSV file, or the name of one shipped with the package
    (``survey``, the default, ``cases``, ``letters`` or ``petitions``).

    The file is read as UTF-8 (with or without BOM), every cell as a string and empty cells as ``""``.
    It must have every column of :data:`COLUMNS`, a ``type`` from :data:`TYPES` on every row and each
    variable once; no header (a variable's name or one of its ``source_columns``, compared by
    :func:`satisfaction.vietnamese.ascii_key`) may belong to two variables; the ``values`` of a
    ``likert5`` or ``categorical`` variable must be ``code=label`` pairs with digit codes, no code or
    label given twice, and none of its ``missing_codes`` may also be a code or label.

    Parameters
    ----------
    path : str, pathlib.Path or None, optional
        A codebook CSV file, or, when the path has no suffix, the name of a codebook shipped with the
        package (``codebook_<name>.csv`` in the package data; ``reports`` also ships). None gives the
        survey codebook.

    Returns
    -------
    pandas.DataFrame
        One row per variable, with the columns of the file (at least :data:`COLUMNS`), all strings.

    Raises
    ------
    SatisfactionError
        When the file does not exist, is not a readable CSV, or fails one of the checks.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb[cb["type"] == "likert5"].groupby("factor", sort=False).size().to_dict()
    {'access': 5, 'procedures': 5, 'staff': 6, 'results': 3, 'feedback': 3, 'overall': 1, 'expectation': 5}
    """
    path = Path(path) if path is not None else config.PACKAGE_DATA / "codebook_survey.csv"
    if not path.suffix:  # a name: one of the codebooks shipped with the package
        path = config.PACKAGE_DATA / f"codebook_{path.name}.csv"
    if not path.exists():
        raise SatisfactionError("codebook file not found", file=path)
    try:
        cb = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SatisfactionError(f"the codebook is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as "
                                "CSV UTF-8", file=path) from exc
    except pd.errors.ParserError as exc:
        raise SatisfactionError(f"not a readable codebook CSV ({exc}); quote cells that hold commas",
                                file=path) from exc
    missing = [c for c in COLUMNS if c not in cb.columns]
    if missing:
        raise SatisfactionError(f"codebook lacks the columns {missing}; expected {COLUMNS}", file=path)
    for i, row in cb.iterrows():
        if row["type"] not in TYPES:
            raise SatisfactionError(f"unknown type {row['type']!r}; expected one of {sorted(TYPES)}",
                                    file=path, row=int(i) + 2, column="type")
    dup = cb["variable"][cb["variable"].duplicated()].tolist()
    if dup:
        raise SatisfactionError(f"variables defined twice: {dup}", file=path, column="variable")
    _check_consistent(cb, path)
    return cb


#: Words (as accent-free keys) that make a scale label the negative end: "không hài lòng", "kém", "chưa",
#: "dissatisfied", "poor", "bad".
_NEGATIVE = ("khong", "kem", "chua", "dissatisfied", "unsatisfied", "notsatisfied", "poor", "bad", "disagree")


def _negative(key: str) -> bool:
    return any(word in key for word in _NEGATIVE)


def _flag(value) -> bool:
    """A yes/no cell of a codebook, read in any case (``yes``, ``Yes``, ``TRUE``, ``1``, ``có``)."""
    return str(value).strip().lower() in ("yes", "y", "true", "1", "có", "co", "x")


def _check_consistent(cb: pd.DataFrame, path: Path) -> None:
    """A codebook must not contradict itself: one header, one variable; one label, one code."""
    owner: dict[str, str] = {}
    for i, row in cb.iterrows():
        for head in [row["variable"], *row["source_columns"].split("|")]:
            key = ascii_key(head)
            if key and owner.get(key, row["variable"]) != row["variable"]:
                raise SatisfactionError(f"the header {head!r} is listed for both {owner[key]!r} and "
                                        f"{row['variable']!r}", file=path, row=int(i) + 2, column="source_columns")
            owner.setdefault(key, row["variable"])
        if row["type"] in ("likert5", "categorical"):
            pairs = [p.split("=", 1) for p in row["values"].split(";") if p.strip()]
            if not pairs or any(len(p) != 2 or not p[0].strip().isdigit() for p in pairs):
                raise SatisfactionError(f"values of {row['variable']!r} must be 'code=label' pairs separated by "
                                        f"';', got {row['values']!r}", file=path, row=int(i) + 2, column="values")
            codes = [p[0].strip() for p in pairs]
            labels = [ascii_key(p[1]) for p in pairs]
            for kind, items_ in [("code", codes), ("label", labels)]:
                twice = {x for x in items_ if items_.count(x) > 1}
                if twice:
                    raise SatisfactionError(f"{row['variable']!r} gives the same {kind} twice: {sorted(twice)}",
                                            file=path, row=int(i) + 2, column="values")
            if row["type"] == "likert5" and not _flag(row.get("reverse", "")):
                ordered = sorted(zip((int(c) for c in codes), labels, strict=True))
                low, high = _negative(ordered[0][1]), _negative(ordered[-1][1])
                if high and not low:
                    raise SatisfactionError(
                        f"the codes of {row['variable']!r} run against its labels: code {ordered[0][0]} is "
                        f"{pairs[codes.index(str(ordered[0][0]))][1].strip()!r} and code {ordered[-1][0]} is "
                        f"{pairs[codes.index(str(ordered[-1][0]))][1].strip()!r}. Codes must rise with satisfaction "
                        "(1 = the least); for an item meant to run the other way write yes in a 'reverse' column",
                        file=path, row=int(i) + 2, column="values")
            clash = {ascii_key(m) for m in row["missing_codes"].split(";") if m.strip()} & set(codes + labels)
            if clash:
                raise SatisfactionError(f"{row['variable']!r} has {sorted(clash)} both as an answer and as a "
                                        "missing code", file=path, row=int(i) + 2, column="missing_codes")


def value_labels(codebook: pd.DataFrame, variable: str, *, lang: str = "vi") -> dict[int, str]:
    """The ``code -> label`` mapping of one variable, in Vietnamese (``vi``) or English (``en``).

    The pairs come from the column ``values`` (Vietnamese) or ``values_en`` (English); items without
    ``=`` are skipped, so a variable with a range (``18-90``) or without values gives an empty dict.

    Parameters
    ----------
    codebook : pandas.DataFrame
        A codebook (:func:`load_codebook`).
    variable : str
        The variable's name.
    lang : str, default "vi"
        ``"vi"`` for the Vietnamese labels; any other value gives the English ones.

    Returns
    -------
    dict of int to str
        Code -> label, in the codebook's order.

    Raises
    ------
    SatisfactionError
        When the variable is not in the codebook.

    Examples
    --------
    >>> value_labels(load_codebook(), "q_overall")[4]
    'Hài lòng'
    >>> value_labels(load_codebook(), "q_overall", lang="en")[4]
    'Satisfied'
    """
    row = codebook.loc[codebook["variable"] == variable]
    if row.empty:
        raise SatisfactionError(f"variable {variable!r} is not in the codebook")
    text = row.iloc[0]["values" if lang == "vi" else "values_en"]
    pairs = [p.split("=", 1) for p in text.split(";") if "=" in p]
    return {int(code): label for code, label in pairs}


def labels_of(kind: str, variable: str, *, lang: str | None = None) -> dict[int, str]:
    """The value labels of one variable of a codebook shipped with the package, for display.

    Parameters
    ----------
    kind : str
        The codebook: ``survey``, ``cases``, ``letters`` or ``petitions``.
    variable : str
        The variable.
    lang : {"vi", "en"} or None
        The language of the labels (Vietnamese when None).

    Returns
    -------
    dict of int to str
        Code -> label, as :func:`value_labels` gives them.

    Examples
    --------
    >>> labels_of("cases", "channel")[2], labels_of("cases", "channel", lang="en")[2]
    ('Trực tuyến', 'Online')
    """
    return value_labels(load_codebook(kind), variable, lang=lang or "vi")


def raw_header(codebook: pd.DataFrame, variable: str, *, ascii_only: bool = False) -> str:
    """The header under which a variable appears in an export (with or without diacritics).

    This is the first header of the variable's ``source_columns`` (the one the simulator writes).

    Parameters
    ----------
    codebook : pandas.DataFrame
        A codebook (:func:`load_codebook`).
    variable : str
        The variable's name.
    ascii_only : bool, default False
        Return the header with its diacritics removed
        (:func:`satisfaction.vietnamese.strip_diacritics`).

    Returns
    -------
    str
        The header; ``""`` when the variable lists no ``source_columns``.

    Raises
    ------
    KeyError
        When the variable is not in the codebook.

    Examples
    --------
    >>> cb = load_codebook()
    >>> raw_header(cb, "district_name"), raw_header(cb, "district_name", ascii_only=True)
    ('Quận/huyện', 'Quan/huyen')
    """
    head = codebook.set_index("variable").at[variable, "source_columns"].split("|")[0]
    return strip_diacritics(head) if ascii_only else head
