"""Writing workbooks that are the same bytes on every machine.

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
