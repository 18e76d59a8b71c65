"""Every label a reader sees in a table or figure, in Vietnamese (default) or English.

The labels live in a codebook, ``data/codebook_outputs.csv`` (``kind, key, label_vi, label_en,
format``), so that wording is changed in one file and never in code:

- ``table``: the title of each table of the run (``{year}`` and the like filled in by the caller);
- ``column``: the header of a table column and how the workbook formats it; the key is the column
  name, or ``<table>.<column>`` where a column means something particular in one table;
- ``value``: a coded value shown in a table, keyed ``<column>=<value>``;
- ``text``: everything else a figure, the workbook or the brief writes.

Every function takes the language as ``lang=`` (``vi``, the default, or ``en``); the command line
resolves ``--lang`` (or ``$SATISFACTION_LANG``, through :mod:`satisfaction.config`) and passes it on.

>>> text("ci95", lang="en")
'95% CI'
>>> column_label("district_rank_intervals", "estimate")
'Tỷ lệ hài lòng chung'
>>> column_format("district_rank_intervals", "estimate"), column_format("drivers_linear", "estimate")
('pct', 'num3')
"""

from __future__ import annotations

import functools

import pandas as pd

from satisfaction import config
from satisfaction.errors import SatisfactionError

LANGUAGES = config.LANGUAGES
CODEBOOK = config.PACKAGE_DATA / "codebook_outputs.csv"
KINDS = {"table", "column", "value", "text"}
#: How the workbook shows a column: ``pct`` holds 0-100 and is written as a percentage,
#: ``by_measure`` follows the row's ``measure`` (``*_pct`` rows are percentages).
FORMATS = {"text", "int", "year", "num1", "num2", "num3", "num4", "num_auto", "pct", "by_measure", "p", "bool"}


def language(lang: str | None = None) -> str:
    """The label language, checked: ``lang``, or Vietnamese when it is None.

    Parameters
    ----------
    lang : {"vi", "en"} or None
        The language asked for. Unlike :func:`satisfaction.config.language`, the environment is not
        consulted.

    Returns
    -------
    str
        ``"vi"`` or ``"en"``.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        For any other language.

    Examples
    --------
    >>> language(), language("en")
    ('vi', 'en')
    """
    lang = lang or "vi"
    if lang not in LANGUAGES:
        raise SatisfactionError(f"unknown label language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


@functools.cache
def _codebook() -> pd.DataFrame:
    cb = pd.read_csv(CODEBOOK, dtype=str, keep_default_na=False, encoding="utf-8")
    problems = []
    for i, row in cb.iterrows():
        where = f"row {i + 2}"
        if row["kind"] not in KINDS:
            problems.append(f"{where}: kind {row['kind']!r} is not one of {sorted(KINDS)}")
        if not row["label_vi"] or not row["label_en"]:
            problems.append(f"{where} ({row['key']}): both label_vi and label_en are needed")
        if row["kind"] == "column" and row["format"] not in FORMATS:
            problems.append(f"{where} ({row['key']}): format {row['format']!r} is not one of {sorted(FORMATS)}")
    dup = cb[cb.duplicated(["kind", "key"], keep=False)]
    problems += [f"{kind} {key!r} is defined twice" for kind, key in dup[["kind", "key"]].drop_duplicates().to_numpy()]
    if problems:
        raise SatisfactionError("the output codebook contradicts itself: " + "; ".join(problems), file=CODEBOOK)
    return cb.set_index(["kind", "key"])


@functools.cache
def _entries() -> dict[tuple[str, str], dict[str, str]]:
    """The codebook as a dict, ``(kind, key) -> {label_vi, label_en, format}``: the workbook looks up
    thousands of cells, which pandas indexing made the slowest step of writing it."""
    return _codebook().to_dict(orient="index")


def _label(kind: str, key: str, lang: str | None) -> str | None:
    entry = _entries().get((kind, key))
    return None if entry is None else entry[f"label_{language(lang)}"]


def text(key: str, *, lang: str | None = None, **fields) -> str:
    """A text of the codebook in the run's language, with ``{fields}`` filled in.

    Parameters
    ----------
    key : str
        The key of an entry of kind ``text`` in the output codebook.
    lang : {"vi", "en"} or None
        The label language (Vietnamese when None).
    **fields
        Values for the text's ``{placeholders}``. With none, the text is returned as it stands (not
        passed through ``str.format``).

    Returns
    -------
    str
        The text in the language asked for.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        When the codebook has no text ``key``.

    Examples
    --------
    >>> text("ci95", lang="en")
    '95% CI'
    """
    label = _label("text", key, lang)
    if label is None:
        raise SatisfactionError(f"no text {key!r} in the output codebook", file=CODEBOOK)
    return label.format(**fields) if fields else label


def table_title(name: str, *, lang: str | None = None, **fields) -> str | None:
    """The title of table ``name`` (None when the codebook has none).

    Parameters
    ----------
    name : str
        The table's name, the key of an entry of kind ``table``.
    lang : {"vi", "en"} or None
        The label language (Vietnamese when None).
    **fields
        Values for the title's ``{placeholders}`` (e.g. ``year=2024``).

    Returns
    -------
    str or None
        The title in the language asked for, or None when the codebook has no title ``name``.

    Examples
    --------
    >>> table_title("cases_by_service_and_channel", lang="en", year=2024)
    'Cases 2024 by service area and channel'
    """
    label = _label("table", name, lang)
    return label.format(**fields) if label is not None and fields else label


def _column_row(table: str, column: str) -> dict[str, str] | None:
    entries = _entries()
    return entries.get(("column", f"{table}.{column}")) or entries.get(("column", column))


def column_label(table: str, column: str, *, lang: str | None = None) -> str:
    """The header of ``column`` in ``table``; a column named by data (a year, a file) stays as it is.

    Parameters
    ----------
    table : str
        The table's name: an entry keyed ``<table>.<column>`` is preferred to one keyed ``<column>``.
    column : str
        The column's name.
    lang : {"vi", "en"} or None
        The label language (Vietnamese when None).

    Returns
    -------
    str
        The label, or ``column`` itself when the codebook has no entry for it.

    Examples
    --------
    >>> column_label("district_rank_intervals", "estimate", lang="en"), column_label("any_table", "2024")
    ('Overall satisfied', '2024')
    """
    row = _column_row(table, column)
    return column if row is None else row[f"label_{language(lang)}"]


def column_format(table: str, column: str) -> str:
    """How the workbook formats ``column`` of ``table``: one of :data:`FORMATS`.

    Parameters
    ----------
    table : str
        The table's name: an entry keyed ``<table>.<column>`` is preferred to one keyed ``<column>``.
    column : str
        The column's name.

    Returns
    -------
    str
        The entry's ``format``, or ``"text"`` when the codebook has no entry for the column.

    Examples
    --------
    >>> column_format("district_rank_intervals", "estimate"), column_format("any_table", "2024")
    ('pct', 'text')
    """
    row = _column_row(table, column)
    return "text" if row is None else row["format"]


def has_column(table: str, column: str) -> bool:
    """Whether the output codebook has an entry for ``column`` of ``table``.

    Parameters
    ----------
    table : str
        The table's name (entries keyed ``<table>.<column>`` count, as well as those keyed ``<column>``).
    column : str
        The column's name.

    Returns
    -------
    bool
        True when the codebook has such an entry.

    Examples
    --------
    >>> has_column("district_rank_intervals", "estimate"), has_column("any_table", "2024")
    (True, False)
    """
    return _column_row(table, column) is not None


def value_label(column: str, value: str, *, lang: str | None = None) -> str:
    """The label of a coded value shown in a table (the value itself when the codebook has none).

    Parameters
    ----------
    column : str
        The column the value is in.
    value : str
        The coded value; the entry looked up is keyed ``<column>=<value>``.
    lang : {"vi", "en"} or None
        The label language (Vietnamese when None).

    Returns
    -------
    str
        The label, or ``value`` itself when the codebook has none.

    Examples
    --------
    >>> value_label("level", "factor", lang="en"), value_label("level", "other", lang="en")
    ('Factor', 'other')
    """
    label = _label("value", f"{column}={value}", lang)
    return value if label is None else label


def label_column(lang: str | None = None) -> str:
    """The codebook column holding labels in the run's language: ``label_vi`` or ``label_en``.

    Parameters
    ----------
    lang : {"vi", "en"} or None
        The label language (Vietnamese when None).

    Returns
    -------
    str
        ``"label_vi"`` or ``"label_en"``.

    Examples
    --------
    >>> label_column(), label_column("en")
    ('label_vi', 'label_en')
    """
    return f"label_{language(lang)}"


def pick(pair: tuple[str, str], lang: str | None = None) -> str:
    """The Vietnamese or English half of a ``(vi, en)`` pair, as in ``codebook.FACTORS``.

    Parameters
    ----------
    pair : tuple of (str, str)
        The Vietnamese and the English text, in that order.
    lang : {"vi", "en"} or None
        The label language (Vietnamese when None).

    Returns
    -------
    str
        The first item for Vietnamese, the second for English.

    Examples
    --------
    >>> pick(("Hài lòng", "Satisfied")), pick(("Hài lòng", "Satisfied"), "en")
    ('Hài lòng', 'Satisfied')
    """
    return pair[LANGUAGES.index(language(lang))]
