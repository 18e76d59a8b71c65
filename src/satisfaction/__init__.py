"""satisfaction: citizen satisfaction with public administrative services in Vietnam.

The library cleans survey, case, letter and petition data, reads Vietnamese feedback text,
estimates satisfaction indices with design-based uncertainty and models what drives them.
The notebooks in ``notebooks/`` tell the analysis; ``python -m satisfaction run`` rebuilds it all.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("satisfaction")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
