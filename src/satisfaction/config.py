"""Settings and folders, from one place: the only module that reads environment variables.

Every function takes its setting as an argument; ``None`` means "the default", which is the
environment variable when it is set, else the repository's own folder:

========================  =====================  ==========================================
setting                   environment variable   default
========================  =====================  ==========================================
data folder (``raw/``,    ``SATISFACTION_DATA``  ``data/`` in the repository
``reference/``)
build folder (outputs)    ``SATISFACTION_BUILD`` ``build/`` in the repository
label language            ``SATISFACTION_LANG``  ``vi``
PAPI workbook             ``SATISFACTION_PAPI``  the shared corpora's copy, if any
real corpora (tests)      ``SATISFACTION_SHARED`` ``../shared/data`` beside the repository
run date                  ``SOURCE_DATE_EPOCH``  today (UTC)
========================  =====================  ==========================================

The command line and the suite runner resolve these once (:func:`settings`) and pass them on:
the library below never looks at the environment.

Examples
--------
>>> s = settings(data="data", build="build", lang="en")
>>> s.lang, s.build.name, s.tables.name
('en', 'build', 'tables')
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from satisfaction.errors import SatisfactionError

PACKAGE_DIR = Path(__file__).resolve().parent
#: Data that ships inside the package (codebooks, lexicons, small examples).
PACKAGE_DATA = PACKAGE_DIR / "data"
#: The repository root when the package is installed editable from a clone (src layout).
REPO_ROOT = PACKAGE_DIR.parents[1]


def _anchor() -> Path:
    """Where default folders are anchored: the clone, or the working directory for a package installed
    from a wheel (whose "repository root" would be a folder inside the environment)."""
    return REPO_ROOT if (REPO_ROOT / "pyproject.toml").is_file() else Path.cwd()
#: Label languages of tables, figures and the workbook.
LANGUAGES = ("vi", "en")
#: Where the official PAPI workbook is looked for in the shared corpora.
PAPI_FILE = ("papi", "PAPI_2011-2016.xlsx")


def _path(value: str | Path | None, env: str, default: Path) -> Path:
    if value is None:
        value = os.environ.get(env) or None
    return Path(value).expanduser().resolve() if value is not None else default


def data_dir(data: str | Path | None = None) -> Path:
    """The data folder: ``data``, else ``$SATISFACTION_DATA``, else ``data/`` in the repository.

    Parameters
    ----------
    data : str, pathlib.Path or None
        The folder holding ``raw/`` (and optionally ``reference/``).

    Returns
    -------
    pathlib.Path
        The folder, absolute.
    """
    return _path(data, "SATISFACTION_DATA", _anchor() / "data")


def raw_dir(data: str | Path | None = None) -> Path:
    """Raw files as received (never edited): ``<data>/raw``.

    Parameters
    ----------
    data : str, pathlib.Path or None
        The data folder (see :func:`data_dir`).

    Returns
    -------
    pathlib.Path
        ``<data>/raw``, absolute.
    """
    return data_dir(data) / "raw"


def reference_dir(data: str | Path | None = None) -> Path:
    """Reference tables (administrative units, published indices): ``<data>/reference``.

    Falls back to the tables shipped inside the package (``data/reference/``) when the data folder has
    none, since they describe Vietnam rather than one survey.

    Parameters
    ----------
    data : str, pathlib.Path or None
        The data folder (see :func:`data_dir`).

    Returns
    -------
    pathlib.Path
        ``<data>/reference`` when it is a folder, else the fallback above.
    """
    own = data_dir(data) / "reference"
    return own if own.is_dir() else PACKAGE_DATA / "reference"


def build_dir(build: str | Path | None = None) -> Path:
    """Where a run writes its outputs: ``build``, else ``$SATISFACTION_BUILD``, else ``build/``.

    Parameters
    ----------
    build : str, pathlib.Path or None
        The output folder.

    Returns
    -------
    pathlib.Path
        The folder, absolute.
    """
    return _path(build, "SATISFACTION_BUILD", _anchor() / "build")


def tables_dir(build: str | Path | None = None) -> Path:
    """The run's tables: ``<build>/tables``.

    Parameters
    ----------
    build : str, pathlib.Path or None
        The output folder (see :func:`build_dir`).

    Returns
    -------
    pathlib.Path
        ``<build>/tables``, absolute.
    """
    return build_dir(build) / "tables"


def figures_dir(build: str | Path | None = None) -> Path:
    """The run's figures: ``<build>/figures``.

    Parameters
    ----------
    build : str, pathlib.Path or None
        The output folder (see :func:`build_dir`).

    Returns
    -------
    pathlib.Path
        ``<build>/figures``, absolute.
    """
    return build_dir(build) / "figures"


def processed_dir(build: str | Path | None = None) -> Path:
    """Clean data written by the cleaning notebook: ``<build>/processed``.

    Parameters
    ----------
    build : str, pathlib.Path or None
        The output folder (see :func:`build_dir`).

    Returns
    -------
    pathlib.Path
        ``<build>/processed``, absolute.
    """
    return build_dir(build) / "processed"


def cache_dir(build: str | Path | None = None) -> Path:
    """Caches of a build (word segmentation): ``<build>/cache``.

    Parameters
    ----------
    build : str, pathlib.Path or None
        The output folder (see :func:`build_dir`).

    Returns
    -------
    pathlib.Path
        ``<build>/cache``, absolute.
    """
    return build_dir(build) / "cache"


def notebooks_dir() -> Path:
    """The notebooks of the suite, in the order their numbers give.

    Returns
    -------
    pathlib.Path
        The repository's ``notebooks/``.
    """
    return REPO_ROOT / "notebooks"


def shared_data_dir() -> Path:
    """Real corpora for tests and benchmarks: ``$SATISFACTION_SHARED`` or ``../shared/data``.

    Returns
    -------
    pathlib.Path
        The folder, absolute (it may not exist).
    """
    return _path(None, "SATISFACTION_SHARED", REPO_ROOT.parent / "shared" / "data")


def language(lang: str | None = None) -> str:
    """The label language: ``lang``, else ``$SATISFACTION_LANG``, else Vietnamese.

    Parameters
    ----------
    lang : {"vi", "en"} or None
        The language asked for; None (or ``""``) for the environment's, else Vietnamese.

    Returns
    -------
    str
        ``"vi"`` or ``"en"``.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        For any other language, given or from the environment.
    """
    lang = lang or os.environ.get("SATISFACTION_LANG") or "vi"
    if lang not in LANGUAGES:
        raise SatisfactionError(f"unknown label language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def provinces(value: str | list[str] | None = None) -> list[str] | None:
    """The provinces whose units the place names of a study are matched against (2-digit GSO codes of 2024).

    Parameters
    ----------
    value : str, list of str or None
        Codes, as a list or joined by commas; None for ``$SATISFACTION_PROVINCES`` (set by a study's run),
        and when that is unset too, None.

    Returns
    -------
    list of str or None
        The codes, zero-padded to two digits; None means Hanoi (the bundled world's tables).

    Examples
    --------
    >>> provinces("79, 74"), provinces(["1"])
    (['79', '74'], ['01'])
    """
    if value is None:
        value = os.environ.get("SATISFACTION_PROVINCES") or None
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    return [str(v).strip().zfill(2) for v in parts if str(v).strip()] or None


def papi_workbook(papi: str | Path | None = None) -> Path | None:
    """The official PAPI 2011-2016 workbook: ``papi``, else ``$SATISFACTION_PAPI``, else the shared copy.

    It is never part of the repository (its licence is the publishers'); notebook 07 skips the province
    panel without it.

    Parameters
    ----------
    papi : str, pathlib.Path or None
        The workbook's path; None for ``$SATISFACTION_PAPI``, else ``papi/PAPI_2011-2016.xlsx`` in
        :func:`shared_data_dir`.

    Returns
    -------
    pathlib.Path or None
        The path, absolute; None when there is no workbook. A path given (or set in the environment)
        is returned without checking that the file exists.
    """
    value = papi if papi is not None else os.environ.get("SATISFACTION_PAPI") or None
    if value is not None:
        return Path(value).expanduser().resolve()
    shared = shared_data_dir().joinpath(*PAPI_FILE)
    return shared if shared.is_file() else None


def study_file(study: str | Path | None = None, data: str | Path | None = None) -> Path:
    """The study file of a run: ``study``, else ``$SATISFACTION_STUDY``, else ``<data>/study.toml``.

    Parameters
    ----------
    study : str, pathlib.Path or None
        A study file, or the folder holding ``study.toml``.
    data : str, pathlib.Path or None
        The data folder (see :func:`data_dir`), for the default.

    Returns
    -------
    pathlib.Path
        The path, absolute (not checked to exist).
    """
    value = study if study is not None else os.environ.get("SATISFACTION_STUDY") or None
    path = Path(value).expanduser().resolve() if value is not None else data_dir(data) / "study.toml"
    return path / "study.toml" if path.is_dir() else path


def run_date() -> dt.date:
    """The date of the run: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today (UTC).

    Returns
    -------
    datetime.date
        The run's date, in UTC.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


@dataclass(frozen=True)
class Settings:
    """Every setting of one run, resolved (see :func:`settings`).

    Parameters
    ----------
    data : pathlib.Path
        The data folder (holding ``raw/``, and optionally ``reference/``).
    build : pathlib.Path
        The output folder.
    lang : {"vi", "en"}
        The label language.
    papi : pathlib.Path or None
        The official PAPI workbook, None when there is none.

    Examples
    --------
    >>> s = Settings(data=Path("data"), build=Path("build"), lang="vi", papi=None)
    >>> s.raw.as_posix(), s.figures.as_posix()
    ('data/raw', 'build/figures')
    """

    data: Path
    build: Path
    lang: str
    papi: Path | None

    @property
    def raw(self) -> Path:
        """The raw files: ``<data>/raw``.

        Returns
        -------
        pathlib.Path
        """
        return self.data / "raw"

    @property
    def reference(self) -> Path:
        """The reference tables: ``<data>/reference``, or the fallback of :func:`reference_dir`.

        Returns
        -------
        pathlib.Path
        """
        return reference_dir(self.data)

    @property
    def tables(self) -> Path:
        """The run's tables: ``<build>/tables``.

        Returns
        -------
        pathlib.Path
        """
        return self.build / "tables"

    @property
    def figures(self) -> Path:
        """The run's figures: ``<build>/figures``.

        Returns
        -------
        pathlib.Path
        """
        return self.build / "figures"

    @property
    def processed(self) -> Path:
        """Clean data: ``<build>/processed``.

        Returns
        -------
        pathlib.Path
        """
        return self.build / "processed"

    @property
    def cache(self) -> Path:
        """Caches of the build: ``<build>/cache``.

        Returns
        -------
        pathlib.Path
        """
        return self.build / "cache"


def settings(*, data: str | Path | None = None, build: str | Path | None = None, lang: str | None = None,
             papi: str | Path | None = None) -> Settings:
    """Resolve the settings of a run once: each argument, else its environment variable, else the default.

    Parameters
    ----------
    data, build : str, pathlib.Path or None
        The data folder and the output folder.
    lang : {"vi", "en"} or None
        The label language.
    papi : str, pathlib.Path or None
        The official PAPI workbook.

    Returns
    -------
    Settings
        The resolved settings (folders absolute, language checked).
    """
    return Settings(data=data_dir(data), build=build_dir(build), lang=language(lang), papi=papi_workbook(papi))


@contextmanager
def environment(**values: str | None):
    """Within the block, the given environment variables are set (None unsets); afterwards, as they were.

    For the few settings that third-party code reads from the environment at a moment the project
    chooses (openpyxl's XML writer at its import; the reference folder of ``clean --data``).

    Parameters
    ----------
    **values : str or None
        Variables and their values.

    Returns
    -------
    contextlib.AbstractContextManager

    Examples
    --------
    >>> with environment(SATISFACTION_LANG="en"):
    ...     language()
    'en'
    """
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def kernel_environment(**extra: str) -> dict[str, str]:
    """The environment of a notebook kernel: this process's, with ``extra`` on top.

    Parameters
    ----------
    **extra : str
        Variables to add or replace.

    Returns
    -------
    dict of str to str
    """
    return {**os.environ, **extra}


def using(*, data: str | Path | None = None, provinces: list[str] | None = None):
    """Within the block, the data folder's defaults (``raw/`` and its ``reference/`` tables) are ``data``.

    For the command line's ``clean --data``: the reference tables of places are looked up deep in the
    cleaning code through :func:`reference_dir`, which then finds the folder's own ``reference/``. The
    environment is restored when the block ends.

    Parameters
    ----------
    data : str, pathlib.Path or None
        The data folder (None changes nothing).
    provinces : list of str or None
        The study's provinces (2-digit GSO codes of 2024) whose units place names are matched against
        (None changes nothing; see :func:`provinces`).

    Returns
    -------
    contextlib.AbstractContextManager

    Examples
    --------
    >>> with using(data="study"):
    ...     data_dir().name
    'study'
    """
    values = {}
    if data is not None:
        values["SATISFACTION_DATA"] = str(Path(data).expanduser().resolve())
    if provinces:
        values["SATISFACTION_PROVINCES"] = ",".join(provinces)
    return environment(**values)
