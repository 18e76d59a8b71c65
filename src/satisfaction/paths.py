"""Every path the project uses, from one place.

Paths are anchored on the package location, never on the working directory. Two environment
variables move them: ``SATISFACTION_DATA`` (the data folder, holding ``raw/`` and ``reference/``)
and ``SATISFACTION_BUILD`` (where a run writes its outputs). ``SATISFACTION_SHARED`` points tests
and benchmarks at the real corpora that are never committed (default: ``../shared/data`` beside the
repository).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Data that ships inside the package (codebooks, lexicons, small examples).
PACKAGE_DATA = PACKAGE_DIR / "data"
#: The repository root when the package is installed editable from a clone (src layout).
REPO_ROOT = PACKAGE_DIR.parents[1]


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def data_dir() -> Path:
    """The data folder: ``$SATISFACTION_DATA`` or ``data/`` in the repository."""
    return _env_path("SATISFACTION_DATA", REPO_ROOT / "data")


def raw_dir() -> Path:
    """Raw files as received (never edited): ``<data>/raw``."""
    return data_dir() / "raw"


def reference_dir() -> Path:
    """Reference tables (administrative units, published indices): ``<data>/reference``.

    Falls back to the repository's own reference tables when a user's data folder has none,
    since they describe Vietnam rather than one survey.
    """
    own = data_dir() / "reference"
    return own if own.is_dir() else REPO_ROOT / "data" / "reference"


def build_dir() -> Path:
    """Where a run writes its outputs: ``$SATISFACTION_BUILD`` or ``build/`` in the repository."""
    return _env_path("SATISFACTION_BUILD", REPO_ROOT / "build")


def tables_dir() -> Path:
    return build_dir() / "tables"


def figures_dir() -> Path:
    return build_dir() / "figures"


def notebooks_dir() -> Path:
    """The notebooks of the suite, in the order their numbers give."""
    return REPO_ROOT / "notebooks"


def shared_data_dir() -> Path:
    """Real corpora for tests and benchmarks: ``$SATISFACTION_SHARED`` or ``../shared/data``."""
    return _env_path("SATISFACTION_SHARED", REPO_ROOT.parent / "shared" / "data")


#: Where the official PAPI workbook is looked for when ``SATISFACTION_PAPI`` is not set.
PAPI_FILE = ("papi", "PAPI_2011-2016.xlsx")


def papi_workbook() -> Path | None:
    """The official PAPI 2011-2016 workbook: ``$SATISFACTION_PAPI``, else the shared corpora's copy; None if neither.

    It is never part of the repository (its licence is the publishers'); notebook 07 skips the province
    panel without it.
    """
    value = os.environ.get("SATISFACTION_PAPI")
    if value:
        return Path(value).expanduser().resolve()
    shared = shared_data_dir().joinpath(*PAPI_FILE)
    return shared if shared.is_file() else None
