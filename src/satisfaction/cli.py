"""Command line: ``python -m satisfaction <command>`` (``--help`` on each command)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from satisfaction import __version__
from satisfaction.errors import SatisfactionError


def _run(args: argparse.Namespace) -> int:
    from satisfaction import config
    from satisfaction.report.brief import BRIEF
    from satisfaction.report.runner import run_suite

    if args.papi is not None and not args.papi.is_file():
        raise SatisfactionError("the PAPI workbook given with --papi does not exist", file=args.papi)
    build = config.build_dir(args.build)
    index = run_suite(data=args.data, build=build, lang=args.lang, papi=args.papi, study=args.study)
    print("Outputs:")
    print(f"  report     {index}")
    print(f"  brief      {build / BRIEF}")
    print(f"  notebooks  {build / 'notebooks'}")
    print(f"  figures    {build / 'figures'} (PNG 300 dpi and SVG)")
    print(f"  tables     {build / 'tables'} (all tables in satisfaction_tables.xlsx)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from satisfaction.study import check_study

    problems = check_study(args.study)
    if problems.empty:
        print(f"{args.study}: ready to run (python -m satisfaction run --study {args.study})")
        return 0
    with __import__("pandas").option_context("display.max_colwidth", 200, "display.width", 250):
        errors = problems[problems["severity"] == "error"]
        warnings = problems[problems["severity"] == "warning"]
        if len(errors):
            print(f"{len(errors)} problem(s) to fix before a run:")
            print(errors.drop(columns="severity").fillna("").to_string(index=False))
        if len(warnings):
            print(f"{len(warnings)} row(s) the cleaning will quarantine (the run keeps going; see each file's quarantine):")
            shown = warnings.drop(columns="severity").fillna("")
            print(shown.head(args.limit).to_string(index=False))
            if len(shown) > args.limit:
                print(f"... and {len(shown) - args.limit} more")
    return 1 if len(errors) else 0


def _init(args: argparse.Namespace) -> int:
    from satisfaction.study_init import propose_study

    files = propose_study(args.folder, args.exports, instrument=args.instrument, province=args.province)
    for path in files:
        print(path)
    todo = sum(1 for line in files[0].read_text(encoding="utf-8").splitlines() if line.startswith("# TODO"))
    print(f"{todo} TODO(s) in {files[0]}: edit the proposed files, then python -m satisfaction check {files[0]}")
    return 0


def _brief(args: argparse.Namespace) -> int:
    from satisfaction import config
    from satisfaction.report.brief import BRIEF, write_brief

    build = config.build_dir(args.build)
    out = write_brief(build / "tables", args.out or build / BRIEF)
    print(out)
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from satisfaction import config
    from satisfaction.simulate import DEFAULT_SEED, simulate

    out = Path(args.out) if args.out else config.raw_dir()
    for path in simulate(out, seed=args.seed if args.seed is not None else DEFAULT_SEED):
        print(path)
    return 0


def _clean(args: argparse.Namespace) -> int:
    from satisfaction import config
    from satisfaction.ingest.pipeline import (
        clean_file,
        clean_folder,
        distinct_stems,
        not_an_input,
        result_files,
        summary,
        write_result,
    )

    out = args.out or config.processed_dir()
    if not args.files:
        with config.using(data=args.data):  # the folder's own reference/ tables, if it has them
            results = clean_folder(config.raw_dir(), out)
        print(summary(results).to_string(index=False))
        print(f"Clean data, quarantine and logs: {out}")
        return 0
    # two inputs named alike would write the same outputs, and an output must never replace an input
    distinct_stems(args.files)
    not_an_input([f for path in args.files for f in result_files(out, path.stem).values()], args.files)
    for path in args.files:
        result = clean_file(path, kind=args.kind, codebook=args.codebook, sheet=args.sheet, wave=args.wave)
        files = write_result(result, out, path.stem)
        a = result.accounting
        print(f"{path.name}: {a['rows_in']} rows in = {a['rows_clean']} clean + {a['rows_quarantined']} "
              f"quarantined + {a['exact_duplicates_dropped']} exact duplicates dropped")
        for key, file in files.items():
            print(f"  {key:10s} {file}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The parser of the command line: ``run``, ``check``, ``init``, ``brief``, ``clean`` and ``simulate``.

    Returns
    -------
    argparse.ArgumentParser
        The parsed arguments have ``command`` (the command's name), ``verbose``, the command's own
        options, and ``func``, the function that carries the command out.

    Examples
    --------
    >>> args = build_parser().parse_args(["simulate", "--seed", "1"])
    >>> args.command, args.seed, args.out, args.verbose
    ('simulate', 1, None, False)
    """
    parser = argparse.ArgumentParser(prog="python -m satisfaction", description=(
        "Citizen satisfaction with public administrative services in Vietnam: run the notebook suite, "
        "regenerate the simulated data."))
    parser.add_argument("--version", action="version", version=f"satisfaction {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every step")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute every notebook and write build/ (report, figures, tables)",
                         description="Execute the notebooks in order on the data folder and write build/: "
                                     "executed notebooks, an HTML report, figures (PNG) and tables (CSV, XLSX).")
    run.add_argument("--data", type=Path, help="data folder holding raw/ (default: $SATISFACTION_DATA or data/)")
    run.add_argument("--build", type=Path, help="output folder (default: $SATISFACTION_BUILD or build/)")
    run.add_argument("--lang", choices=["vi", "en"], help="language of labels in tables and figures "
                                                          "(default: $SATISFACTION_LANG or vi)")
    run.add_argument("--papi", type=Path, help="the official PAPI 2011-2016 workbook, for the province panel of "
                                               "notebook 07 (default: $SATISFACTION_PAPI; skipped without it)")
    run.add_argument("--study", type=Path, help="the study file or its folder (default: $SATISFACTION_STUDY or the "
                                                "data folder's study.toml)")
    run.set_defaults(func=_run)

    check = sub.add_parser("check", help="validate a study without running it",
                           description="Read the study file and clean every file it names in memory: each problem "
                                       "with its file, sheet, row and column. Exit status 1 when a run would stop.")
    check.add_argument("study", type=Path, help="the study file or its folder")
    check.add_argument("--limit", type=int, default=20, help="quarantined rows to list (default: 20)")
    check.set_defaults(func=_check)

    init = sub.add_parser("init", help="propose a study file and codebooks from your exports",
                          description="Read the exports (any format; SPSS/Stata labels included), match their headers "
                                      "to the suite's variables and write STUDY_DIR/study.toml and a codebook per "
                                      "export; every unsure or unmatched column is a TODO at the top of study.toml.")
    init.add_argument("folder", type=Path, metavar="STUDY_DIR", help="the study's folder (created)")
    init.add_argument("--from", dest="exports", nargs="+", type=Path, required=True, metavar="EXPORT",
                      help="the survey exports, one per wave")
    init.add_argument("--instrument", default="sipas2017", help="a bundled instrument or an instrument file "
                                                                "(default: sipas2017)")
    init.add_argument("--province", help="the study's province (default: a TODO)")
    init.set_defaults(func=_init)

    brief = sub.add_parser("brief", help="write the Vietnamese Word brief from a run's tables",
                           description="Write a 2-4 page Word brief in Vietnamese (headline indices, districts "
                                       "with rank intervals, drivers, comments, cases, data and method), every "
                                       "number read from the tables of the last `run` in --build.")
    brief.add_argument("--build", type=Path, help="the run's output folder (default: $SATISFACTION_BUILD or build/)")
    brief.add_argument("--out", type=Path, help="the .docx to write (default: <build>/ban_tom_tat.docx)")
    brief.set_defaults(func=_brief)

    clean = sub.add_parser("clean", help="clean raw files: clean data, quarantine and log",
                           description="Clean raw exports. With no FILE, clean every raw file of the data folder "
                                       "(survey waves, cases, letters, petitions) into build/processed/. With "
                                       "FILEs, clean each as --kind and write <name>.parquet, "
                                       "quarantine/<name>.csv and logs/<name>.csv into --out.")
    clean.add_argument("files", nargs="*", type=Path, metavar="FILE", help="files to clean (CSV, XLSX, SAV, DTA, Parquet)")
    clean.add_argument("--kind", choices=["survey", "cases", "letters", "petitions", "reports"], default="survey",
                       help="what the files hold (default: survey)")
    clean.add_argument("--codebook", help="codebook CSV (default: the package's codebook for --kind)")
    clean.add_argument("--sheet", help="sheet of a workbook (default: the first)")
    clean.add_argument("--wave", type=int, help="survey year (default: the year in the file name)")
    clean.add_argument("--data", type=Path, help="data folder holding raw/ (with no FILE)")
    clean.add_argument("--out", type=Path, help="output folder (default: build/processed)")
    clean.set_defaults(func=_clean)

    sim = sub.add_parser("simulate", help="regenerate the simulated raw data",
                         description="Simulate the survey world and write the raw files, truth.json, "
                                     "injected.json and MANIFEST.sha256.")
    sim.add_argument("--out", help="folder to write (default: the data folder's raw/)")
    sim.add_argument("--seed", type=int, help="random seed (default: the one the committed data used)")
    sim.set_defaults(func=_simulate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command of the command line (``python -m satisfaction``, or the ``satisfaction`` script).

    Logging goes to stderr, at level INFO for ``run`` or with ``-v``, else WARNING (through
    :func:`logging.basicConfig`, so only when logging is not configured yet).

    Parameters
    ----------
    argv : list of str, optional
        The arguments, without the program's name; None for ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 when the command succeeded, 2 when it stopped with a
        :class:`~satisfaction.errors.SatisfactionError` (its message is printed to stderr). Invalid
        arguments, ``--help`` and ``--version`` exit through :class:`SystemExit` instead, as argparse
        does.

    Examples
    --------
    >>> import tempfile
    >>> main(["brief", "--build", tempfile.mkdtemp()])  # an empty folder: no tables to read
    2
    """
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose or args.command == "run" else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except SatisfactionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        import errno

        if args.verbose:
            raise
        where = getattr(exc, "filename", None) or "a file"
        if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            print(f"error: {where}: permission denied (a read-only folder, or a file open in another program?); "
                  "choose another output folder (--out or --build), or change the permissions", file=sys.stderr)
            return 2
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            print(f"error: {where}: the disk is full; free some space or write elsewhere (--out or --build)",
                  file=sys.stderr)
            return 2
        return _unforeseen(exc)
    except (UnicodeError, ValueError, KeyError) as exc:
        if args.verbose:
            raise
        return _unforeseen(exc)


def _unforeseen(exc: Exception) -> int:
    """A problem no check foresaw: one paragraph, no traceback (-v shows it), personal data redacted."""
    from satisfaction.ingest.privacy import redact

    print(f"error: {type(exc).__name__}: {redact(str(exc))[0]} (run again with -v for the details, and "
          "please report it: this should have been a clear message)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
