"""Running the whole suite: execute every notebook, render the HTML report, gather the tables.

Notebooks are executed with nbclient, the Jupyter project's own executor. Each notebook starts with
a cell tagged ``parameters`` that holds every choice with its default; the runner inserts after it
a cell tagged ``injected-parameters`` with the run's own values (as papermill does, without its
extra dependencies). No page may show a path of the machine: the build folder is given relative to
the executed notebook's folder (``<build>/notebooks``, the kernel's working directory), and the data
folder, the study file and the PAPI workbook reach the kernel through its environment
(``SATISFACTION_DATA``, ``SATISFACTION_STUDY``, ``SATISFACTION_PAPI``), where
:func:`satisfaction.config.settings` and :func:`satisfaction.config.study_file` find them.
nbconvert renders each executed notebook to a standalone HTML page; ``index.html`` links them and
shows the figures. Everything opens from disk.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from satisfaction import __version__, config
from satisfaction.errors import SatisfactionError
from satisfaction.report.brief import BRIEF, write_brief
from satisfaction.report.site import _title, render_html, write_index
from satisfaction.report.workbook import collect_workbook, write_provenance
from satisfaction.study import open_study

log = logging.getLogger(__name__)
CELL_TIMEOUT = 900
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


def format_warning(message, category, filename, lineno, line=None) -> str:
    """A warning as the executed notebooks show it: its kind and message, not the kernel's temporary file.

    The arguments are those of :func:`warnings.formatwarning`, which this function replaces in the
    notebooks' kernels (:data:`KERNEL_STARTUP`).

    Parameters
    ----------
    message : Warning or str
        The warning's message.
    category : type
        The warning's class (its name is shown).
    filename : str
        Where the warning was raised (not shown).
    lineno : int
        The line it was raised at (not shown).
    line : str, optional
        The source line (not shown).

    Returns
    -------
    str
        ``"<category name>: <message>"`` and a newline.

    Examples
    --------
    >>> print(format_warning("the fit is on the boundary", UserWarning, "ipykernel_1/2.py", 3), end="")
    UserWarning: the fit is on the boundary
    """
    return f"{category.__name__}: {message}\n"


#: Run in each kernel before the notebook: warnings shown without the path of the kernel's cell file.
KERNEL_STARTUP = ("import warnings, satisfaction.report.runner as _runner; "
                  "warnings.formatwarning = _runner.format_warning")


def notebook_list(folder: Path | None = None) -> list[Path]:
    """The suite's notebooks in run order (their file names start with a number).

    Parameters
    ----------
    folder : pathlib.Path, optional
        Where the notebooks are (the repository's ``notebooks/`` by default).

    Returns
    -------
    list of pathlib.Path
        The files named ``NN_*.ipynb`` (two digits first) of the folder, sorted by name.
    """
    folder = folder or config.notebooks_dir()
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def inject_parameters(nb, values: dict) -> None:
    """Insert a cell tagged ``injected-parameters`` with ``values`` after the cell tagged ``parameters``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook (changed in place).
    values : dict
        Parameter names and values (written with ``repr``).

    Returns
    -------
    None

    Raises
    ------
    satisfaction.errors.SatisfactionError
        When no cell is tagged ``parameters``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("LANG = None", metadata={"tags": ["parameters"]})])
    >>> inject_parameters(nb, {"LANG": "en"})
    >>> nb.cells[1].source
    "# Parameters of this run\\nLANG = 'en'"
    """
    import nbformat

    at = next((i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])), None)
    if at is None:
        raise SatisfactionError("the notebook has no cell tagged 'parameters'")
    source = "# Parameters of this run\n" + "\n".join(f"{k} = {v!r}" for k, v in values.items())
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED_TAG]}))


def execute_notebook(source: Path, target: Path, *, parameters: dict | None = None,
                     env: dict[str, str] | None = None) -> float:
    """Execute one notebook in a fresh kernel (working directory: the target's folder) and write it.

    Parameters
    ----------
    source : pathlib.Path
        The notebook to run.
    target : pathlib.Path
        Where the executed copy is written (also when a cell fails, to look at).
    parameters : dict, optional
        Values injected after the ``parameters`` cell.
    env : dict, optional
        Extra environment variables for the kernel (the runner's own environment is not changed).

    Returns
    -------
    float
        Seconds taken.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        When a cell fails; the partly executed notebook is written to ``target`` first.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(source, as_version=4)
    if parameters:
        inject_parameters(nb, parameters)
    target.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                       extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_STARTUP}"],
                       resources={"metadata": {"path": str(target.parent)}}).execute(
            env=config.kernel_environment(**(env or {})))
    except CellExecutionError as exc:
        nbformat.write(nb, target)  # keep the partly executed notebook to look at
        raise SatisfactionError(f"a cell failed ({exc.ename}: {exc.evalue}); the partly executed notebook "
                                f"is {target}", file=source) from exc
    nb.metadata["satisfaction"] = {"version": __version__}
    nbformat.write(nb, target)
    return time.perf_counter() - start


def _relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path, start)).as_posix()


#: What a notebook needs beyond the survey, and the sentence the report shows when a study lacks it.
NEEDS = {
    "05_feedback_text": ("comments", "Bỏ qua: khảo sát của nghiên cứu này không có câu hỏi mở (góp ý bằng lời)."),
    "06_cases_and_letters": ("cases+letters", "Bỏ qua: nghiên cứu này không có sổ theo dõi hồ sơ và sổ thư."),
}


def _missing(stem: str, st, processed: Path) -> str | None:
    """Why notebook ``stem`` cannot run on study ``st`` (None when it can)."""
    need = NEEDS.get(stem)
    if need is None:
        return None
    what, reason = need
    if what == "cases+letters":
        return None if st.has("cases") and st.has("letters") else reason
    import pyarrow.parquet as pq

    survey = processed / "survey.parquet"
    return None if survey.exists() and "comment" in pq.read_schema(survey).names else reason


def run_suite(*, data: Path | str | None = None, build: Path | str | None = None, lang: str | None = None,
              notebooks: list[Path] | None = None, papi: Path | str | None = None,
              study: Path | str | None = None) -> Path:
    """Run every notebook on the data folder and write the build folder; returns the index page.

    Parameters
    ----------
    data : str or pathlib.Path, optional
        The data folder holding ``raw/`` (default: ``$SATISFACTION_DATA`` or the repository's ``data/``).
    build : str or pathlib.Path, optional
        The output folder (default: ``$SATISFACTION_BUILD`` or ``build/``). Every file of its
        ``tables/`` and ``figures/`` folders, and its brief, are deleted first.
    lang : {"vi", "en"}, optional
        The language of labels in tables and figures (default: ``$SATISFACTION_LANG`` or ``vi``).
    notebooks : list of pathlib.Path, optional
        The notebooks to run (default: all of :func:`notebook_list`).
    papi : str or pathlib.Path, optional
        The official PAPI workbook for the province panel of notebook 07 (skipped without it).
    study : str or pathlib.Path, optional
        The study file or its folder (default: ``$SATISFACTION_STUDY`` or the data folder's
        ``study.toml``). A notebook that needs what the study lacks (comments, the case and letters
        registers: :data:`NEEDS`) is not run; the report's index page and the brief say so.

    Returns
    -------
    pathlib.Path
        ``<build>/report/index.html``. The run also writes ``<build>/tables`` (with ``run.json`` and
        ``satisfaction_tables.xlsx``), ``<build>/figures``, the executed notebooks in
        ``<build>/notebooks``, one HTML page per notebook in ``<build>/report`` and the Word brief.
    """
    run = config.settings(data=data, build=build, lang=lang, papi=papi)
    notebooks = notebooks or notebook_list()
    if not notebooks:
        raise SatisfactionError("no notebooks to run: the suite's notebooks are part of the repository, not of the "
                                "installed package; run from a clone of it", file=config.notebooks_dir())
    st = open_study(study, run.data)  # fail early, naming the key, on a bad study file
    build = run.build
    for sub in ("notebooks", "report", "tables", "figures"):
        (build / sub).mkdir(parents=True, exist_ok=True)
    for stale in [*(build / "tables").glob("*"), *(build / "figures").glob("*"), build / BRIEF]:
        stale.unlink(missing_ok=True)  # outputs of an earlier run must not pass for this run's
    files = [w.file for w in st.waves] + [d.file for parts in st.datasets.values() for d in parts]
    write_provenance(run.tables, raw=run.raw, lang=run.lang, files=files, root=st.root,
                     study={"title": st.title, "simulated": st.simulated, "level": st.level, "unit": st.unit,
                            "instrument": st.instrument.name, "design": st.design,
                            "provinces": st.old_provinces})
    where = build / "notebooks"
    # BUILD is given relative to the executed notebooks; the data folder and the PAPI workbook are paths of
    # this machine, which no page may show: they reach the kernel through its environment, where
    # satisfaction.config reads them when the parameters say None
    parameters = {"DATA": None, "BUILD": _relative(build, where), "LANG": run.lang, "PAPI": None}
    env = {"SATISFACTION_DATA": str(run.data), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    if st.path.is_file():  # a data folder without a study file is read by its files' names, in the kernel too
        env["SATISFACTION_STUDY"] = str(st.path)
    if run.papi is not None:
        env["SATISFACTION_PAPI"] = str(run.papi)
    pages, skipped = [], []
    for nb in notebooks:
        reason = _missing(nb.stem, st, run.processed)
        if reason:
            log.info("skipping %s: %s", nb.name, reason)
            skipped.append((_title(nb), reason))
            continue
        log.info("executing %s", nb.name)
        executed = where / nb.name
        seconds = execute_notebook(nb, executed, parameters=parameters, env=env)
        render_html(executed, build / "report" / f"{nb.stem}.html")
        pages.append((_title(nb), f"{nb.stem}.html", seconds))
        log.info("%s done in %.1f s", nb.name, seconds)
    collect_workbook(run.tables, lang=run.lang)
    write_brief(run.tables, build / BRIEF)
    return write_index(build, pages, lang=run.lang, skipped=skipped)
