"""satisfaction: citizen satisfaction with public administrative services in Vietnam.

The library cleans survey, case, letter and petition data, reads Vietnamese feedback text,
estimates satisfaction indices with design-based uncertainty and models what drives them.
The notebooks in ``notebooks/`` tell the analysis; ``python -m satisfaction run`` rebuilds it all.
"""

import os
from importlib.metadata import PackageNotFoundError, version

# openpyxl serialises XML with lxml when lxml is installed (python-docx brings it) and with the
# standard library otherwise; the two write different bytes for the same workbook. Workbooks of a run
# and the simulated raw data must be the same bytes on every machine, so openpyxl keeps to the
# standard library (read when openpyxl is first imported, which the package does after this line).
os.environ.setdefault("OPENPYXL_LXML", "False")

try:
    __version__ = version("satisfaction")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
