"""Writing files that are safe to open and the same bytes on every machine.

Text cells that a spreadsheet would run as a formula (OWASP's CSV-injection rule: a first character
``=``, ``+``, ``-``, ``@``, tab or carriage return) are written with a leading apostrophe
(:func:`safe_text`, :func:`safe_frame`): a respondent's ``=HYPERLINK(...)`` in a comment stays text in
the quarantine CSV, the tables and the workbook. Numbers, and texts that read as a plain number such as
``-1``, are left alone.


openpyxl serialises XML with lxml when lxml is installed (python-docx brings it) and with the standard
library otherwise, and the two write different bytes for the same workbook (attribute spacing and
where namespaces are declared). openpyxl decides once, when it is first imported, from the variable
``OPENPYXL_LXML``. :func:`openpyxl_stdlib` imports it with that variable set to ``False`` for the
moment of the import only (the process's environment is left as it was), so the simulated raw data
and a run's workbook have the same bytes wherever they are written.
"""

from __future__ import annotations

import sys
import warnings

import pandas as pd

from satisfaction import config
from satisfaction.errors import SatisfactionWarning


def openpyxl_stdlib():
    """openpyxl, imported so that it writes XML with the standard library's serialiser.

    Returns
    -------
    module
        The ``openpyxl`` package.

    Warns
    -----
    SatisfactionWarning
        When openpyxl was already imported with lxml by other code: workbooks are then correct but
        their bytes differ from those written elsewhere.

    Examples
    --------
    >>> openpyxl_stdlib().xml.LXML
    False
    """
    if "openpyxl" not in sys.modules:
        with config.environment(OPENPYXL_LXML="False"):
            import openpyxl  # noqa: F401
    import openpyxl
    import openpyxl.xml

    if openpyxl.xml.LXML:
        warnings.warn("openpyxl was imported with lxml before satisfaction could choose its XML writer: "
                      "workbooks are correct but not byte-identical to those of other machines",
                      SatisfactionWarning, stacklevel=2)
    return openpyxl


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_text(value):
    """A cell no spreadsheet will run: a text starting with ``= + - @``, tab or CR gets a leading apostrophe.

    Parameters
    ----------
    value : object
        A cell's value; only strings are changed, and not those that are a plain number (``-1.5``).

    Returns
    -------
    object
        The value, neutralised.

    Examples
    --------
    >>> print(safe_text('=HYPERLINK("http://x","Bấm")'), safe_text("-1"), safe_text("@cmd"), safe_text(3))
    '=HYPERLINK("http://x","Bấm") -1 '@cmd 3
    """
    if isinstance(value, str) and value and value[0] in FORMULA_START and not _plain_number(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are neutralised by :func:`safe_text`.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_text)
    out.columns = [safe_text(c) if isinstance(c, str) else c for c in out.columns]
    return out
