"""A study file (``study.toml``): what an institute's own survey is, so the suite can run on it.

It names the title and language; the geography (the province or provinces, the vintage of the units the
files name, and the level at which units are compared); the instrument (a bundled name or the study's own
file, ``docs/instruments.md``); the design (weight, strata, first- and second-stage clusters, an fpc per
stage, the lonely-PSU rule, or replicate weight columns with their method); the survey waves (file, sheet,
codebook, year); and optional datasets (cases, letters, petitions, the units' own reports), each with its
codebook. Every path is relative to the study file. ``docs/study.md`` gives the format field by field.

:func:`load_study` reads and validates it (an unknown key, a missing file or a contradiction is an error
naming the key); :func:`check_study` cleans every file without writing anything and lists each problem with
its file, sheet, row and column; :func:`clean_study` writes the processed data a run reads; :func:`survey`
gives the cleaned waves with the design and the comparison unit.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest import reference
from satisfaction.ingest.pipeline import KINDS, clean_file, reconcile, write_cleaned
from satisfaction.sipas.questionnaire import Instrument, load_instrument
from satisfaction.survey import LONELY, Design, DesignFrame
from satisfaction.survey.replicates import SUPPLIED, replicate_weights

STUDY_FILE = "study.toml"
VINTAGES = ("2024", "2025")
DATASETS = tuple(k for k in KINDS if k != "survey")
_KEYS = {
    "": {"title", "language", "simulated", "geography", "instrument", "design", "waves", "datasets"},
    "geography": {"provinces", "vintage", "level"},
    "instrument": {"name", "file"},
    "design": {"weight", "strata", "cluster", "cluster2", "fpc", "fpc2", "lonely_psu", "nest_in_waves",
               "replicates", "replicate_method", "rho", "scale", "rscales", "mse"},
    "waves": {"file", "sheet", "codebook", "year"},
    "dataset": {"file", "sheet", "codebook"},
}
#: The column of the cleaned survey that names the unit compared, by level.
LEVEL_COLUMNS = {"district": "district_code", "commune": "new_ward"}


@dataclass(frozen=True)
class Wave:
    """One survey wave of a study: its file, sheet, codebook and year.

    Parameters
    ----------
    file : pathlib.Path
        The export, absolute.
    year : int
        The wave (survey year).
    sheet : str, int or None
        The sheet of a workbook (the first when None).
    codebook : pathlib.Path or None
        The study's codebook of this file (the package's survey codebook when None).
    """

    file: Path
    year: int
    sheet: str | int | None = None
    codebook: Path | None = None


@dataclass(frozen=True)
class Dataset:
    """An optional dataset of a study (cases, letters, petitions, reports).

    Parameters
    ----------
    kind : str
        One of :data:`DATASETS`.
    file : pathlib.Path
        The file, absolute.
    sheet : str, int or None
        The sheet of a workbook.
    codebook : pathlib.Path or None
        Its codebook (the package's of that kind when None).
    """

    kind: str
    file: Path
    sheet: str | int | None = None
    codebook: Path | None = None


@dataclass(frozen=True)
class Study:
    """A study, as :func:`load_study` reads it.

    Parameters
    ----------
    path : pathlib.Path
        The study file.
    title : str
        The study's title.
    language : str
        ``"vi"`` or ``"en"``.
    provinces : tuple of str
        The provinces as 2-digit GSO codes of the study's vintage.
    vintage : str
        ``"2024"`` (the files name units before 2025-07-01) or ``"2025"`` (after).
    level : str
        The unit compared: ``"district"``, ``"commune"`` or a column of the cleaned survey.
    instrument : Instrument
        The questionnaire.
    design : dict
        The design's settings (see ``docs/study.md``).
    waves : tuple of Wave
        The survey waves, by year.
    datasets : dict
        The optional datasets present: kind -> tuple of :class:`Dataset` (a register may come in several
        files, e.g. a letters book kept in two encodings).
    simulated : bool
        Whether the data are simulated (the report and the brief then say so).
    """

    path: Path
    title: str
    language: str
    provinces: tuple[str, ...]
    vintage: str
    level: str
    instrument: Instrument
    design: dict = field(default_factory=dict)
    waves: tuple[Wave, ...] = ()
    datasets: dict = field(default_factory=dict)
    simulated: bool = False

    @property
    def root(self) -> Path:
        """The folder of the study file, against which its paths are read.

        Returns
        -------
        pathlib.Path
            The folder.
        """
        return self.path.parent

    @property
    def unit(self) -> str:
        """The column of the cleaned survey that names the unit compared.

        Returns
        -------
        str
            ``district_code``, ``new_ward`` or the study's own column.
        """
        return LEVEL_COLUMNS.get(self.level, self.level)

    @property
    def old_provinces(self) -> list[str]:
        """The provinces of 2024 whose units the files' place names are matched against.

        Returns
        -------
        list of str
            2-digit GSO codes of 2024: the study's own for vintage 2024, those that went into its
            provinces for vintage 2025.
        """
        if self.vintage == "2024":
            return list(self.provinces)
        cw = reference.crosswalk()
        return sorted(cw.loc[cw["new_province_code"].isin(self.provinces), "old_province_code"].unique())

    def has(self, kind: str) -> bool:
        """Whether the study has a dataset of this kind.

        Parameters
        ----------
        kind : str
            One of :data:`DATASETS`.

        Returns
        -------
        bool
            True when the study file names one.
        """
        return kind in self.datasets

    def places(self):
        """A context in which place names are matched against the study's provinces.

        Returns
        -------
        contextlib.AbstractContextManager
            :func:`satisfaction.config.using` with the study's provinces of 2024.
        """
        return config.using(provinces=self.old_provinces)


def _check_keys(table: dict, allowed: set[str], where: str, file: Path) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        prefix = f"[{where}] " if where else ""
        raise SatisfactionError(f"{prefix}unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}",
                                file=file)


def _file(root: Path, value, key: str, study_file: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise SatisfactionError(f"{key} must be a path relative to the study file", file=study_file)
    path = Path(value)
    if path.is_absolute():
        raise SatisfactionError(f"{key} = {value!r}: paths are relative to the study file, not absolute",
                                file=study_file)
    path = (root / path).resolve()
    if not path.is_file():
        raise SatisfactionError(f"{key} = {value!r}: no such file next to the study", file=study_file)
    return path


def load_study(path: str | Path) -> Study:
    """Read and validate a study file (format: ``docs/study.md``).

    Parameters
    ----------
    path : str or pathlib.Path
        The ``study.toml`` file, or the folder holding one.

    Returns
    -------
    Study
        The study, with every path made absolute (relative to the study file) and checked to exist.

    Raises
    ------
    SatisfactionError
        Naming the study file and the key: a missing file, invalid TOML, an unknown key at any level, a
        missing ``waves``, a wave or dataset file that does not exist, an unknown province, language,
        vintage, instrument or lonely-PSU rule, two waves of the same year, districts compared after
        2025-07-01 (there are none), replicate weights together with strata or clusters, a second-stage
        fpc without a second stage, or an invalid instrument file.

    Examples
    --------
    >>> from satisfaction.datasets import example_study
    >>> study = load_study(example_study())
    >>> study.vintage, study.level, [f.key for f in study.instrument.factors][-1]
    ('2025', 'commune', 'online')
    """
    path = Path(path)
    if path.is_dir():
        path = path / STUDY_FILE
    if not path.is_file():
        raise SatisfactionError("study file not found", file=path)
    path = path.resolve()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise SatisfactionError(f"not a valid TOML file: {err}", file=path) from None
    _check_keys(raw, _KEYS[""], "", path)
    root = path.parent
    language = raw.get("language", "vi")
    if language not in ("vi", "en"):
        raise SatisfactionError(f"language must be 'vi' or 'en', not {language!r}", file=path)
    geo = raw.get("geography", {})
    _check_keys(geo, _KEYS["geography"], "geography", path)
    vintage = str(geo.get("vintage", "2024"))
    if vintage not in VINTAGES:
        raise SatisfactionError(f"[geography] vintage must be '2024' (units before 2025-07-01) or '2025' (after), "
                                f"not {vintage!r}", file=path)
    names = geo.get("provinces", ["Hà Nội"])
    names = [names] if isinstance(names, (str, int)) else names
    if not isinstance(names, list) or not names or not all(isinstance(n, (str, int)) and not isinstance(n, bool)
                                                           for n in names):
        raise SatisfactionError(f"[geography] provinces must be a list of province names or codes, not {names!r}",
                                file=path)
    try:
        provinces = tuple(reference.province_code(p, vintage=vintage) for p in names)
    except SatisfactionError as err:
        raise SatisfactionError(f"[geography] provinces: {err}", file=path) from None
    level = str(geo.get("level", "district" if vintage == "2024" else "commune"))
    if level == "district" and vintage == "2025":
        raise SatisfactionError("[geography] level = 'district' with vintage '2025': there are no districts after "
                                "2025-07-01; compare communes (level = 'commune')", file=path)
    inst_table = raw.get("instrument", {"name": "sipas2017"})
    _check_keys(inst_table, _KEYS["instrument"], "instrument", path)
    if ("name" in inst_table) == ("file" in inst_table):
        raise SatisfactionError("[instrument] give either name (a bundled instrument) or file (your own)", file=path)
    try:
        instrument = (load_instrument(_file(root, inst_table["file"], "[instrument] file", path))
                      if "file" in inst_table else load_instrument(inst_table["name"]))
    except SatisfactionError as err:
        raise SatisfactionError(f"[instrument] {err}", file=path) from None
    design = dict(raw.get("design", {}))
    _check_keys(design, _KEYS["design"], "design", path)
    _check_design(design, path)
    waves_raw = raw.get("waves")
    if not isinstance(waves_raw, list) or not waves_raw:
        raise SatisfactionError("missing [[waves]]: at least one survey wave (file, year)", file=path)
    waves, years = [], {}
    for i, w in enumerate(waves_raw, start=1):
        where = f"waves[{i}]"
        _check_keys(w, _KEYS["waves"], where, path)
        if not isinstance(w.get("year"), int) or isinstance(w.get("year"), bool):
            raise SatisfactionError(f"[{where}] year must be the survey year as a number", file=path)
        if w["year"] in years:
            raise SatisfactionError(f"[{where}] year {w['year']} is also waves[{years[w['year']]}]: the same wave "
                                    "twice would count every respondent twice", file=path)
        years[w["year"]] = i
        waves.append(Wave(_file(root, w.get("file"), f"[{where}] file", path), w["year"], w.get("sheet"),
                          _file(root, w["codebook"], f"[{where}] codebook", path) if "codebook" in w else None))
    datasets = {}
    for kind, tables in raw.get("datasets", {}).items():
        if kind not in DATASETS:
            raise SatisfactionError(f"[datasets] unknown dataset {kind!r}; the datasets are {', '.join(DATASETS)}",
                                    file=path)
        if not isinstance(tables, dict) and not (isinstance(tables, list) and all(isinstance(t, dict) for t in tables)):
            raise SatisfactionError(f"[datasets.{kind}] must be a table (file = ...) or a list of them "
                                    f"([[datasets.{kind}]]), not {tables!r}", file=path)
        parts = []
        for j, table in enumerate(tables if isinstance(tables, list) else [tables], start=1):
            where = f"datasets.{kind}" if not isinstance(tables, list) else f"datasets.{kind}[{j}]"
            _check_keys(table, _KEYS["dataset"], where, path)
            parts.append(Dataset(kind, _file(root, table.get("file"), f"[{where}] file", path), table.get("sheet"),
                                 _file(root, table["codebook"], f"[{where}] codebook", path)
                                 if "codebook" in table else None))
        datasets[kind] = tuple(parts)
    simulated = raw.get("simulated", False)
    if not isinstance(simulated, bool):
        raise SatisfactionError(f"simulated must be true or false, not {simulated!r}", file=path)
    return Study(path, str(raw.get("title", path.parent.name)), language, provinces, vintage, level, instrument,
                 design, tuple(sorted(waves, key=lambda w: w.year)), datasets, simulated)


def folder_study(data: str | Path) -> Study:
    """The study of a data folder that has no ``study.toml``: its ``raw/`` files found by their names, as
    :func:`satisfaction.ingest.clean_folder` finds them (``khao_sat_<year>.*``, ``ho_so_*``, ``so_thu_*``,
    ``don_thu_*``, ``bao_cao_*``), with the package's codebooks, Hanoi before 2025-07-01, the SIPAS 2017
    questionnaire and the bundled design (districts as strata, sampled wards as PSUs, waves nested).

    Parameters
    ----------
    data : str or pathlib.Path
        The data folder holding ``raw/``.

    Returns
    -------
    Study
        The study, whose ``path`` is the (absent) ``study.toml`` of the folder.

    Raises
    ------
    SatisfactionError
        If the folder has no ``raw/`` folder or no survey file, or two survey files of one year.
    """
    from satisfaction.ingest.pipeline import _files, wave_of

    data = Path(data).resolve()
    raw = data / "raw"
    waves, years = [], {}
    for path in _files(raw, "survey"):
        year = wave_of(path)
        if year is None:
            raise SatisfactionError("the survey file's name gives no year (khao_sat_<year>.xlsx)", file=path)
        if year in years:
            raise SatisfactionError(f"two exports of the {year} wave: {years[year].name} and {path.name}; keep one",
                                    file=raw)
        years[year] = path
        waves.append(Wave(path, year))
    if not waves:
        raise SatisfactionError("no survey files (khao_sat_<year>.xlsx) and no study.toml", file=raw)
    datasets = {kind: tuple(Dataset(kind, p) for p in _files(raw, kind)) for kind in DATASETS}
    return Study(data / STUDY_FILE, data.name, "vi", ("01",), "2024", "district", load_instrument("sipas2017"),
                 {"weight": "weight", "strata": "district_code", "cluster": "psu_code", "nest_in_waves": True},
                 tuple(sorted(waves, key=lambda w: w.year)), {k: v for k, v in datasets.items() if v})


def open_study(study: str | Path | None = None, data: str | Path | None = None) -> Study:
    """The study of a run: the study file given (or ``$SATISFACTION_STUDY``), else the data folder's
    ``study.toml``, else the data folder's ``raw/`` files (:func:`folder_study`).

    Parameters
    ----------
    study : str, pathlib.Path or None
        A study file or its folder.
    data : str, pathlib.Path or None
        The data folder (:func:`satisfaction.config.data_dir`).

    Returns
    -------
    Study
        The study.

    Raises
    ------
    SatisfactionError
        As :func:`load_study` and :func:`folder_study` raise; a study file given that does not exist.
    """
    path = config.study_file(study, data)
    if path.is_file() or study is not None:
        return load_study(path)
    return folder_study(config.data_dir(data))


def _check_design(design: dict, path: Path) -> None:
    for key in ("weight", "strata", "cluster", "cluster2", "fpc", "fpc2", "replicates", "replicate_method",
                "lonely_psu"):
        if key in design and not isinstance(design[key], str):
            raise SatisfactionError(f"[design] {key} must be a column name (text), not {design[key]!r}", file=path)
    for key in ("nest_in_waves", "mse"):
        if key in design and not isinstance(design[key], bool):
            raise SatisfactionError(f"[design] {key} must be true or false, not {design[key]!r}", file=path)
    if design.get("replicates"):
        clash = [k for k in ("strata", "cluster", "cluster2", "fpc", "fpc2") if design.get(k)]
        if clash:
            raise SatisfactionError(f"[design] replicates with {', '.join(clash)}: a replicate design carries its "
                                    "strata and clusters in its weights; give one or the other", file=path)
        method = design.get("replicate_method", "jk1")
        if method not in SUPPLIED:
            raise SatisfactionError(f"[design] replicate_method must be one of {', '.join(SUPPLIED)}, not {method!r}",
                                    file=path)
    if design.get("fpc2") and not design.get("cluster2"):
        raise SatisfactionError("[design] fpc2 is the second stage's population size: give cluster2 too", file=path)
    if design.get("cluster2") and not design.get("cluster"):
        raise SatisfactionError("[design] cluster2 is the second stage: give the first-stage cluster too", file=path)
    rule = design.get("lonely_psu", "fail")
    if rule not in LONELY:
        raise SatisfactionError(f"[design] lonely_psu must be one of {', '.join(LONELY)}, not {rule!r}", file=path)


def _clean(study: Study):
    """Every file of the study cleaned: (kind, label, CleanResult) in order; errors propagate."""
    with study.places():
        for wave in study.waves:
            yield "survey", wave.file, clean_file(wave.file, kind="survey", codebook=wave.codebook, sheet=wave.sheet,
                                                  wave=wave.year)
        for kind, parts in study.datasets.items():
            for ds in parts:
                yield kind, ds.file, clean_file(ds.file, kind=kind, codebook=ds.codebook, sheet=ds.sheet)


def check_study(path: str | Path) -> pd.DataFrame:
    """Validate a study without running it: read it, clean every file in memory, check design and instrument.

    Parameters
    ----------
    path : str or pathlib.Path
        The study file or its folder.

    Returns
    -------
    pandas.DataFrame
        One row per problem: ``severity`` (``error`` stops a run; ``warning`` is a row the cleaning
        quarantines), ``file`` (relative to the study), ``sheet``, ``row`` (of the file, as the
        quarantine counts it), ``column`` and ``message``. Empty when the study is ready to run.
    """
    problems: list[dict] = []

    def add(severity, file, message, sheet=None, row=None, column=None):
        problems.append({"severity": severity, "file": file, "sheet": sheet, "row": row, "column": column,
                         "message": message})

    try:
        study = load_study(path)
    except SatisfactionError as err:
        add("error", str(err.file or path), err.args[0] if err.args else str(err))
        return pd.DataFrame(problems)
    rel = lambda p: str(Path(p).relative_to(study.root)) if Path(p).is_relative_to(study.root) else str(p)  # noqa: E731
    try:
        results = reconcile(_clean(study))
    except SatisfactionError as err:
        add("error", rel(err.file) if err.file else study.path.name, str(err).split(": ", 1)[-1] if err.file else str(err),
            err.sheet, err.row, err.column)
        return pd.DataFrame(problems)
    for kind, file, result in results:
        q = result.quarantine
        for _, r in q.iterrows():
            add("warning", rel(file), f"row quarantined: {r.get('reason', '')}", result.source.get("sheet"),
                r.get("source_row", r.get("row")), r.get("column"))
        if kind != "survey":
            continue
        data = result.data
        columns = [study.design.get(k) for k in ("weight", "strata", "cluster", "cluster2", "fpc", "fpc2")]
        for col in [c for c in columns if c]:
            if col not in data.columns:
                add("error", rel(file), f"the design's column {col!r} is not in the cleaned data (is it in the "
                    "codebook?)", column=col)
        for item in study.instrument.items():
            if item not in data.columns:
                add("error", rel(file), f"item {item!r} of the instrument {study.instrument.name!r} is not in the "
                    "cleaned data (is it in the codebook?)", column=item)
        if study.unit not in data.columns:
            add("error", rel(file), f"the units compared ({study.level}) need the column {study.unit!r}, which the "
                "cleaned data lacks", column=study.unit)
    surveys = [r.data for kind, _, r in results if kind == "survey"]
    if surveys and not any(p["severity"] == "error" for p in problems):
        # the design resolved as a run resolves it (strata with one PSU, an fpc below the sample...), on all
        # the waves together and on the comparison of units
        data = pd.concat(surveys, ignore_index=True)
        for what, make in (("the design", design_of), ("the comparison of units", comparison_design)):
            try:
                frame_data, design = make(study, data)
                if isinstance(design, Design):
                    DesignFrame(frame_data, design)
            except SatisfactionError as err:
                add("error", study.path.name, f"{what}: {err}", column=err.column)
    return pd.DataFrame(problems, columns=["severity", "file", "sheet", "row", "column", "message"])


def clean_study(study: Study, out: Path) -> dict:
    """Clean every file of the study and write what a run reads into ``out`` (as ``clean_folder`` does).

    Parameters
    ----------
    study : Study
        The study.
    out : pathlib.Path
        The processed-data folder: ``survey.parquet`` (every wave, stacked), one parquet per dataset,
        ``late_cases.parquet`` with cases and letters, ``quarantine/`` and ``logs/`` per file,
        ``cleaning_summary.csv`` and ``cleaning_log.csv``: for the bundled world, the same files as
        :func:`satisfaction.ingest.clean_folder` writes.

    Returns
    -------
    dict
        The file's name -> its ``CleanResult``.

    Raises
    ------
    SatisfactionError
        As the cleaning of a file raises.
    """
    return write_cleaned(_clean(study), out, where=study.path)


def design_of(study: Study, data: pd.DataFrame):
    """The study's design on its cleaned survey data: a :class:`~satisfaction.survey.Design`, or a
    replicate design from the weight columns the study names.

    With ``nest_in_waves`` (true by default when the study has several waves) the strata and clusters of
    different waves are different strata and clusters: waves are independent samples. The data then gets
    ``_stratum`` and ``_cluster`` columns that say so.

    Parameters
    ----------
    study : Study
        The study.
    data : pandas.DataFrame
        Its cleaned survey data (every wave, or one).

    Returns
    -------
    tuple
        ``(data, design)``: the data (with the nested columns when needed) and the design.
    """
    d = study.design
    if d.get("replicates"):
        return data, replicate_weights(data, d["replicates"], weight=d.get("weight"),
                                       method=d.get("replicate_method", "jk1"), rho=d.get("rho"),
                                       scale=d.get("scale"), rscales=d.get("rscales"), mse=bool(d.get("mse", False)))
    nest = d.get("nest_in_waves", len(study.waves) > 1) and "wave" in data.columns
    strata, cluster = d.get("strata"), d.get("cluster")
    if nest:
        wave = data["wave"].astype(str)
        data = data.assign(_stratum=wave + "|" + (data[strata].astype(str) if strata else ""))
        strata = "_stratum"
        if cluster:
            data = data.assign(_cluster=wave + "|" + data[cluster].astype(str))
            cluster = "_cluster"
    return data, Design(weight=d.get("weight"), strata=strata, cluster=cluster, fpc=d.get("fpc"),
                        lonely_psu=d.get("lonely_psu", "fail"), cluster2=d.get("cluster2"), fpc2=d.get("fpc2"))


def files(study: Study) -> pd.DataFrame:
    """The files a study names: what each holds, where it is, its size.

    Parameters
    ----------
    study : Study
        The study.

    Returns
    -------
    pandas.DataFrame
        One row per file: ``kind`` (``survey`` or a dataset), ``year`` (a wave's), ``file`` (relative to
        the study), ``sheet``, ``codebook`` (relative; empty for the package's own) and ``kb``.
    """
    def rel(path):
        return "" if path is None else str(path.relative_to(study.root)) if path.is_relative_to(study.root) else path.name

    rows = [{"kind": "survey", "year": w.year, "file": rel(w.file), "sheet": w.sheet, "codebook": rel(w.codebook),
             "kb": round(w.file.stat().st_size / 1024, 1)} for w in study.waves]
    rows += [{"kind": kind, "year": None, "file": rel(d.file), "sheet": d.sheet, "codebook": rel(d.codebook),
              "kb": round(d.file.stat().st_size / 1024, 1)} for kind, parts in study.datasets.items() for d in parts]
    return pd.DataFrame(rows, columns=["kind", "year", "file", "sheet", "codebook", "kb"]).astype({"year": "Int64"})


def raw_waves(study: Study) -> pd.DataFrame:
    """Every wave's export as read (not cleaned), stacked, as :func:`satisfaction.ingest.load_waves` gives them.

    Parameters
    ----------
    study : Study
        The study.

    Returns
    -------
    pandas.DataFrame
        ``wave`` and ``source_file`` first, then the exports' columns; with a ``district_name`` column,
        ``district_code`` and ``district`` matched within the study's provinces.
    """
    from satisfaction.ingest.codebook import load_codebook
    from satisfaction.ingest.places import match_districts
    from satisfaction.ingest.readers import read_export

    frames = []
    for w in study.waves:
        df = read_export(w.file, codebook=load_codebook(w.codebook if w.codebook else "survey"), sheet=w.sheet)
        df.insert(0, "wave", w.year)
        df.insert(1, "source_file", w.file.name)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    if "district_name" in out.columns:
        with study.places():
            matched = match_districts(out["district_name"])
        out["district_code"] = matched["code"]
        out["district"] = matched["name"]
    return out


def comparison_design(study: Study, data: pd.DataFrame):
    """The design for comparing the study's units: the study's own, or, when the units compared are its
    first-stage clusters (communes sampled, then groups within them), the design within each unit.

    A unit that is a PSU is a domain inside one PSU: R's ``svyby`` gives it no degrees of freedom and the
    linearised variance only the second stage scaled by the first-stage sampling fraction. Comparing the
    communes that were sampled is a comparison conditional on their selection, so each is then a stratum
    whose PSUs are its second-stage units (with the second stage's fpc): its interval reflects the
    sampling within it, with the degrees of freedom its groups give.

    Parameters
    ----------
    study : Study
        The study.
    data : pandas.DataFrame
        Its cleaned survey data.

    Returns
    -------
    tuple
        ``(data, design)`` as :func:`design_of`.
    """
    d = study.design
    if d.get("replicates") or d.get("cluster") != study.unit:
        return design_of(study, data)
    within = Study(study.path, study.title, study.language, study.provinces, study.vintage, study.level,
                   study.instrument, {"weight": d.get("weight"), "strata": study.unit, "cluster": d.get("cluster2"),
                                      "fpc": d.get("fpc2"), "lonely_psu": d.get("lonely_psu", "fail"),
                                      "nest_in_waves": d.get("nest_in_waves", len(study.waves) > 1)},
                   study.waves, study.datasets, study.simulated)
    return design_of(within, data)


def default_study() -> Path:
    """The study a run uses when none is given: ``$SATISFACTION_STUDY``, else the data folder's ``study.toml``.

    Returns
    -------
    pathlib.Path
        The study file.
    """
    return config.study_file()


__all__ = ["DATASETS", "LEVEL_COLUMNS", "STUDY_FILE", "Dataset", "Study", "Wave", "check_study", "clean_study", "files",
           "raw_waves",
           "comparison_design", "default_study", "design_of", "folder_study", "load_study", "open_study"]
