"""Administrative records: case files (hồ sơ), the letters register and citizens' petitions.

Each is cleaned like the survey (:func:`satisfaction.cleaning.clean_table` with its own codebook:
``cases``, ``letters``, ``petitions``), then given what analysis needs: a case's on-time status derived
from its dates (the office system's own status is kept beside it and disagreements are counted), the
apology letter each late case should have had, and each petition's response time.
"""

from __future__ import annotations

import re

import pandas as pd

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest import places
from satisfaction.ingest.cleaning import SPELLED_PLACES, CleanResult, clean_table, empty_column
from satisfaction.ingest.codebook import load_codebook
from satisfaction.vietnamese import strip_diacritics

APOLOGY = 1  # letter_type code of "Thư xin lỗi" in the letters codebook
#: What a later revision of a register's record may change (its progress), by kind; a difference in any
#: other variable makes two rows with one ID a conflict. Derived columns follow the variables they come from.
REVISABLE = {"cases": ("due", "returned", "status", "outcome", "days_late"),
             "petitions": ("answered", "response_days", "answered_yet"), "letters": ()}
NEW_UNITS_FROM = pd.Timestamp("2025-07-01")  # the district level was abolished on this day


def _log(result: CleanResult, step: str, variable: str, count: int, detail: str = "") -> None:
    result.log.loc[len(result.log)] = [step, variable, int(count), detail]


def _cleaned(raw: pd.DataFrame, kind: str, codebook: pd.DataFrame | None, **options) -> CleanResult:
    """:func:`clean_table` with a study's codebook or the package's; the variables this module derives from
    are then there whatever the study's codebook describes (a required one missing is an error naming it)."""
    package = load_codebook(kind)
    result = clean_table(raw, codebook=codebook if codebook is not None else package, **options)
    missing = package[~package["variable"].isin(result.data.columns)]
    if missing.empty:
        return result
    required = missing.loc[missing["required"] == "yes", "variable"].tolist()
    if required:
        raise SatisfactionError(f"the codebook for {kind} lacks the variables {required}, which the {kind} are "
                                f"cleaned by: add them (see the package's codebook_{kind}.csv)",
                                file=result.source.get("file"))
    for var, kind_of in zip(missing["variable"], missing["type"], strict=True):
        result.data[var] = empty_column(kind_of, result.data.index)
        _log(result, "column_absent", var, len(result.data), "not in the study's codebook: empty")
    return result


def clean_cases(raw: pd.DataFrame, *, codebook: pd.DataFrame | None = None) -> CleanResult:
    """Clean case records; adds ``outcome`` (early, on_time, late, pending) and ``days_late``.

    A case returned before it was received is quarantined (``invalid_date``); the status recorded by
    the office system is compared with the dates and disagreements are logged, the dates winning.

    The ``cases`` codebook shipped with the package is used unless ``codebook`` is given
    (:func:`clean_table` with ``id_var="case_id"``; a row revised later in the register supersedes the
    earlier, see :data:`REVISABLE`). A case due before it was received is quarantined in the same way. The
    ``outcome`` compares ``returned`` with ``due``: ``early`` before the day, ``on_time`` on it,
    ``late`` after it, ``pending`` when not returned. For a returned case, a recorded ``status`` of 2
    (late) disagrees with an outcome other than ``late``, and any other recorded status with ``late``.

    Parameters
    ----------
    raw : pandas.DataFrame
        A case register read with the ``cases`` codebook (``read(path, codebook=load_codebook("cases"))``).
    codebook : pandas.DataFrame or None, optional
        A study's own codebook for its cases (its variables must include the package's, as
        ``received``, ``due`` and ``returned``); the package's when None.

    Returns
    -------
    CleanResult
        The clean cases with ``outcome`` (``string``), ``days_late`` (days after ``due``, 0 when not
        late, missing when pending; ``Int64``) and ``online`` (whether ``channel`` is 2, online;
        missing when the channel is); the log also has ``derive_outcome`` and, when there are any,
        ``status_disagrees_with_dates``.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> from satisfaction.ingest.readers import read
    >>> cases = clean_cases(read(example("ho_so_2024_sample.csv"), codebook=load_codebook("cases")))
    >>> cases.check()
    >>> sorted(cases.data["outcome"].unique())
    ['early', 'late', 'on_time', 'pending']
    """
    result = _cleaned(raw, "cases", codebook, id_var="case_id", revisable=REVISABLE["cases"])
    data = result.data
    backwards = data["returned"].notna() & (data["returned"] < data["received"])
    backwards |= data["due"] < data["received"]
    # a date after the day of the run has not happened yet: a typed year (2034 for 2024) would count a case
    # late by ten years
    today = pd.Timestamp(config.run_date())
    backwards |= (data["returned"] > today) | (data["received"] > today)
    if backwards.any():
        bad = data[backwards]
        quarantine = bad.assign(reason="invalid_date", column="returned",
                                value=bad["returned"].astype(str), problems="invalid_date:returned before received")
        result.quarantine = pd.concat([result.quarantine, quarantine], ignore_index=True)
        _log(result, "invalid_date", "returned", backwards.sum(),
             "returned or due before received, or a date after today: quarantined")
        data = data[~backwards].reset_index(drop=True)
    late_days = (data["returned"] - data["due"]).dt.days
    data["outcome"] = pd.Series("pending", index=data.index, dtype="string")
    data.loc[late_days.notna() & (late_days <= 0), "outcome"] = "on_time"
    data.loc[late_days.notna() & (data["returned"] < data["due"]), "outcome"] = "early"
    data.loc[late_days > 0, "outcome"] = "late"
    data["days_late"] = late_days.clip(lower=0).astype("Int64")
    recorded_late = data["status"] == 2
    disagree = data["status"].notna() & data["outcome"].isin(["early", "on_time", "late"]) & (
        recorded_late != (data["outcome"] == "late"))
    _log(result, "derive_outcome", "outcome", len(data), "from received, due and returned dates")
    if disagree.any():
        _log(result, "status_disagrees_with_dates", "status", disagree.sum(), "the dates win")
    data["online"] = data["channel"] == 2
    result.data = data
    result.check()
    return result


def clean_letters(raws: list[pd.DataFrame], *, codebook: pd.DataFrame | None = None) -> CleanResult:
    """Clean one or several letter registers (e.g. a UTF-8 workbook and a TCVN3 file) into one.

    Each register is cleaned on its own with the ``letters`` codebook shipped with the package (or
    ``codebook``; :func:`clean_table` with ``id_var="letter_no"``), so a letter number repeated in two
    registers is not caught here (:func:`reconcile_registers` compares registers); the results are then
    stacked, and each log row's ``detail`` ends with the file's name in brackets.

    Parameters
    ----------
    raws : list of pandas.DataFrame
        The registers, each read with the ``letters`` codebook; at least one.
    codebook : pandas.DataFrame or None, optional
        A study's own codebook for its letters; the package's when None.

    Returns
    -------
    CleanResult
        The registers' data, quarantines and logs stacked, their rows and exact duplicates summed;
        ``source["file"]`` holds the files' names joined by ``", "``.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> from satisfaction.ingest.readers import read
    >>> cb = load_codebook("letters")
    >>> raws = [read(example(f), codebook=cb) for f in ["so_thu_2024.xlsx", "so_thu_thuong_tin_2024_tcvn3.csv"]]
    >>> letters = clean_letters(raws)
    >>> bool((letters.data["district_name"] == "Huyện Thường Tín").any())
    True
    """
    parts = [_cleaned(raw, "letters", codebook, id_var="letter_no") for raw in raws]
    result = CleanResult(
        data=pd.concat([p.data for p in parts], ignore_index=True),
        quarantine=pd.concat([p.quarantine for p in parts], ignore_index=True),
        log=pd.concat([p.log.assign(detail=p.log["detail"] + f" [{p.source.get('file')}]") for p in parts],
                      ignore_index=True),
        rows_in=sum(p.rows_in for p in parts), exact_duplicates=sum(p.exact_duplicates for p in parts),
        source={"file": ", ".join(str(p.source.get("file")) for p in parts)})
    result.check()
    return result


#: What identifies a record across registers, by kind: letters are numbered by each sending office.
REGISTER_KEYS = {"cases": ("case_id",), "petitions": ("petition_id",), "letters": ("letter_no", "district_code")}
#: Place names written in many ways, compared by the codes matched beside them (a petition's ``unit_name`` by
#: its ``district_code`` or ``new_ward``).
_SPELLED = (*SPELLED_PLACES, "unit_name")


def reconcile_registers(kind: str, results: list[tuple[str, CleanResult]]) -> None:
    """Records that several files of one register kind hold: each counted once (the results are updated).

    A register is often exported again later, revised and appended to, and both files handed over. A
    record (:data:`REGISTER_KEYS`) found in several files is compared on every variable but its
    :data:`REVISABLE` ones (place names by their matched codes): identical in all of them, the copies after
    the first file's are dropped as exact duplicates; differing only in the revisable ones, the last file's
    version is kept and the earlier ones are quarantined as ``superseded_revision``; differing in anything
    else, every copy is quarantined as ``conflicting_duplicate``. Each quarantined row's ``value`` names
    the other file and row; each file's log counts what was done to it.

    Parameters
    ----------
    kind : {"cases", "letters", "petitions"}
        The register kind (other kinds are left alone).
    results : list of (str, CleanResult)
        Each file's name and its cleaning result, in the order the files are read (the later, the newer).

    Returns
    -------
    None
        The results' ``data``, ``quarantine``, ``log`` and ``exact_duplicates`` are changed in place; the
        row accounting of each still holds.

    Examples
    --------
    >>> raw = pd.DataFrame({"case_id": ["A", "B"], "district_name": ["Ba Đình"] * 2,
    ...                     "received": ["01/03/2024"] * 2, "due": ["10/03/2024"] * 2, "returned": [None, None]})
    >>> first = clean_cases(raw)
    >>> later = clean_cases(raw.assign(returned=["09/03/2024", None], district_name=["Quận Ba Đình"] * 2))
    >>> reconcile_registers("cases", [("ho_so_2024.csv", first), ("ho_so_2024_cap_nhat.csv", later)])
    >>> first.data["case_id"].tolist(), later.data["case_id"].tolist(), later.exact_duplicates
    (['B'], ['A'], 1)
    >>> first.quarantine[["reason", "value"]].to_numpy().tolist()
    [['superseded_revision', 'A: superseded by ho_so_2024_cap_nhat.csv row 2']]
    """
    key = list(REGISTER_KEYS.get(kind, ()))
    if len(results) < 2 or not key or any(k not in r.data.columns for _, r in results for k in key):
        return
    stacked = pd.concat([r.data.assign(_file=i) for i, (_, r) in enumerate(results)], ignore_index=True)
    stacked = stacked[stacked[key].notna().all(axis=1)]
    shared = stacked.groupby(key, sort=False)["_file"].transform("nunique") > 1
    stacked = stacked[shared]
    if stacked.empty:
        return
    revisable = [c for c in REVISABLE[kind] if c in stacked.columns]
    fixed = [c for c in stacked.columns if c not in ("source_file", "source_row", "_file", *revisable, *_SPELLED)]
    stacked = stacked.assign(
        _fixed=pd.util.hash_pandas_object(stacked[fixed].astype(str), index=False).to_numpy(),
        _all=pd.util.hash_pandas_object(stacked[fixed + revisable].astype(str), index=False).to_numpy())
    groups = stacked.groupby(key, sort=False)
    n_fixed, n_all = groups["_fixed"].transform("nunique"), groups["_all"].transform("nunique")
    first_file, last_file = groups["_file"].transform("min"), groups["_file"].transform("max")
    where = groups[["_file", "source_row"]].apply(
        lambda g: [(results[f][0], int(r)) for f, r in zip(g["_file"], g["source_row"], strict=True)])
    exact = (n_all == 1) & (stacked["_file"] != first_file)
    superseded = (n_fixed == 1) & (n_all > 1) & (stacked["_file"] != last_file)
    conflict = n_fixed > 1
    for i, (name, result) in enumerate(results):
        mine = stacked["_file"] == i
        if not mine.any():
            continue
        drop_rows = set()
        for mask, reason, step, detail in (
                (exact & mine, None, "duplicate_across_files", "the same record in an earlier file: dropped"),
                (superseded & mine, "superseded_revision", "superseded_across_files",
                 "revised in a later file: the later version kept, this one quarantined"),
                (conflict & mine, "conflicting_duplicate", "conflict_across_files",
                 "the same ID in another file with other values: quarantined")):
            rows = stacked[mask]
            if rows.empty:
                continue
            drop_rows |= set(rows["source_row"])
            others = [", ".join(f"{f} row {r}" for f, r in where[tuple(k) if len(key) > 1 else k[0]] if f != name)
                      for k in rows[key].itertuples(index=False)]
            if reason is None:
                result.exact_duplicates += len(rows)
            else:
                label = "superseded by" if reason == "superseded_revision" else "also in"
                q = rows.drop(columns=["_file", "_fixed", "_all"]).assign(
                    reason=reason, column=key[0], problems=f"{reason}:{key[0]}",
                    value=[f"{v}: {label} {o}" for v, o in zip(rows[key[0]], others, strict=True)])
                result.quarantine = pd.concat([result.quarantine, q], ignore_index=True)
            _log(result, step, key[0], len(rows), detail)
        if drop_rows:
            result.data = result.data[~result.data["source_row"].isin(drop_rows)].reset_index(drop=True)
        result.check()


def apology_compliance(cases: pd.DataFrame, letters: pd.DataFrame) -> pd.DataFrame:
    """Every late case with whether an apology letter (thư xin lỗi) was sent for it.

    A case counts as apologised for when any letter of type :data:`APOLOGY` names its ``case_id``,
    whatever the letter's date.

    Parameters
    ----------
    cases : pandas.DataFrame
        Clean cases with ``case_id`` and ``outcome`` (:func:`clean_cases`).
    letters : pandas.DataFrame
        Clean letters with ``case_id`` and ``letter_type`` (:func:`clean_letters`).

    Returns
    -------
    pandas.DataFrame
        The cases whose ``outcome`` is ``late``, with all their columns and ``apology_sent`` (bool);
        the index runs from 0.

    Examples
    --------
    >>> cases = pd.DataFrame({"case_id": ["A", "B", "C"], "district_code": ["001"] * 3,
    ...                       "outcome": ["late", "late", "on_time"]})
    >>> letters = pd.DataFrame({"case_id": ["A"], "letter_type": [1]})
    >>> apology_compliance(cases, letters)[["case_id", "apology_sent"]].to_numpy().tolist()
    [['A', True], ['B', False]]
    """
    apologised = set(letters.loc[letters["letter_type"] == APOLOGY, "case_id"].dropna())
    late = cases[cases["outcome"] == "late"].copy()
    late["apology_sent"] = late["case_id"].isin(apologised)
    return late.reset_index(drop=True)


def compliance_by_district(late_cases: pd.DataFrame) -> pd.DataFrame:
    """Late cases, apology letters sent and missing, and the compliance rate, per district.

    Parameters
    ----------
    late_cases : pandas.DataFrame
        Late cases with ``district_code``, ``case_id`` and ``apology_sent``, as
        :func:`apology_compliance` returns them.

    Returns
    -------
    pandas.DataFrame
        One row per district code: ``district_code``, ``district`` (the official name, from
        :func:`satisfaction.ingest.reference.districts`), ``late_cases``, ``apology_sent``,
        ``apology_missing`` and ``compliance_pct`` (letters sent per late case, in percent, one
        decimal); the lowest compliance first, then by code.

    Examples
    --------
    >>> late = pd.DataFrame({"case_id": ["A", "B"], "district_code": ["001", "001"],
    ...                      "apology_sent": [True, False]})
    >>> compliance_by_district(late).to_numpy().tolist()
    [['001', 'Quận Ba Đình', 2, 1, 1, 50.0]]
    """
    from satisfaction.ingest.reference import districts

    out = late_cases.groupby("district_code", as_index=False).agg(
        late_cases=("case_id", "size"), apology_sent=("apology_sent", "sum"))
    names = districts().set_index("district_code")["district_name"]
    out.insert(1, "district", out["district_code"].map(names))
    out["apology_missing"] = out["late_cases"] - out["apology_sent"]
    out["compliance_pct"] = (100 * out["apology_sent"] / out["late_cases"]).round(1)
    return out.sort_values(["compliance_pct", "district_code"]).reset_index(drop=True)


_DISTRICT_PREFIXES = ("quan", "q", "huyen", "h", "thixa", "tx")
_COMMUNE_PREFIXES = ("phuong", "p", "xa", "x", "thitran", "tt")


def _prefix_kind(name) -> str:
    """``"district"`` for a name written with a district-level prefix (Quận, Q., Huyện, H., Thị xã, TX.),
    ``"commune"`` for one with a ward-level prefix (Phường, P., Xã, X., Thị trấn, TT.), else ``""``."""
    if not isinstance(name, str):
        return ""
    words = re.split(r"[\s.]+", strip_diacritics(name).lower().strip())
    first = words[0] if words else ""
    two = "".join(words[:2])
    if first in ("thi",) and two in ("thixa", "thitran"):
        first = two
    if first in _DISTRICT_PREFIXES and len(words) > 1:
        return "district"
    if first in _COMMUNE_PREFIXES and len(words) > 1:
        return "commune"
    return ""


def clean_petitions(raw: pd.DataFrame, *, codebook: pd.DataFrame | None = None) -> CleanResult:
    """Clean petitions; adds ``response_days``, and the unit as a district or a commune of 2025-07-01.

    A petition received from 2025-07-01 names the new commune; one before names the district (and
    ward). A unit that matches neither is quarantined.

    The ``petitions`` codebook shipped with the package is used unless ``codebook`` is given (:func:`clean_table` with
    ``id_var="petition_id"``). ``unit_name`` is matched both as a district
    (:func:`satisfaction.ingest.places.match_districts`) and as a commune of 2025-07-01
    (:func:`satisfaction.ingest.places.match_new_communes`); a name that matches only one of them is
    that unit whatever the date, and the date of receipt (from :data:`NEW_UNITS_FROM`) decides only
    for a name that matches both.

    Parameters
    ----------
    raw : pandas.DataFrame
        A petitions register read with the ``petitions`` codebook.
    codebook : pandas.DataFrame or None, optional
        A study's own codebook for its petitions; the package's when None.

    Returns
    -------
    CleanResult
        The clean petitions with ``district_code`` or ``new_ward`` (one of them set),
        ``response_days`` (days from ``received`` to ``answered``, missing when not answered;
        ``Int64``) and ``answered_yet`` (bool).

    Examples
    --------
    >>> raw = pd.DataFrame({"petition_id": ["1", "2"], "received": ["05/03/2024", "05/08/2025"],
    ...                     "answered": ["15/03/2024", None],
    ...                     "unit_name": ["Ba Đình", "Phường Ba Đình"]})
    >>> petitions = clean_petitions(raw).data[["district_code", "new_ward", "response_days"]]
    >>> petitions.astype(object).fillna("").to_numpy().tolist()
    [['001', '', 10], ['', 'Phường Ba Đình', '']]
    """
    result = _cleaned(raw, "petitions", codebook, id_var="petition_id", revisable=REVISABLE["petitions"])
    data = result.data
    district = places.match_districts(data["unit_name"])
    commune = places.match_new_communes(data["unit_name"])
    is_district = district["match"].isin(["exact", "fuzzy"])
    is_commune = commune["match"].isin(["exact", "fuzzy"])
    # many new communes carry an old district's name (Phường Ba Đình). A name's own prefix decides which is
    # meant ("Quận Ba Đình", "Q. Ba Đình": the district, also after 2025-07-01; "Phường Ba Đình", "P. Ba
    # Đình": the commune); a bare name ("Ba Đình") is read by the date, as the units of the day
    new_units = data["received"] >= NEW_UNITS_FROM
    kind = data["unit_name"].map(_prefix_kind)
    as_commune = is_commune & ((kind == "commune") | ((kind == "") & (new_units | ~is_district))
                               | ((kind == "district") & ~is_district))
    data["district_code"] = district["code"].where(is_district & ~as_commune)
    data["new_ward"] = commune["name"].where(as_commune)
    unmatched = data["district_code"].isna() & data["new_ward"].isna()
    if unmatched.any():
        bad = data[unmatched]
        result.quarantine = pd.concat([result.quarantine, bad.assign(
            reason="unmatched_place", column="unit_name", value=bad["unit_name"],
            problems="unmatched_place:unit_name")], ignore_index=True)
        _log(result, "unmatched_place", "unit_name", unmatched.sum(), "neither a district nor a 2025 commune")
        data = data[~unmatched].reset_index(drop=True)
    data["response_days"] = (data["answered"] - data["received"]).dt.days.astype("Int64")
    data["answered_yet"] = data["answered"].notna()
    _log(result, "derive_response_days", "response_days", data["answered_yet"].sum(), "answered petitions")
    result.data = data
    result.check()
    return result


def case_performance(cases: pd.DataFrame, by: str | list[str] = "district_code") -> pd.DataFrame:
    """Cases, on-time share (early or on time, among returned cases), online share and late cases, per group.

    Parameters
    ----------
    cases : pandas.DataFrame
        Clean cases with ``outcome`` and ``online`` (:func:`clean_cases`) and the ``by`` columns.
    by : str or list of str, default "district_code"
        The column or columns to group by; rows with a missing group are left out.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``cases``, ``returned`` (cases not pending), ``late``,
        ``ontime_pct`` (early or on time per returned case) and ``online_pct`` (mean of ``online``,
        missing values skipped), in percent with one decimal. ``cases`` and ``late`` are floats.

    Examples
    --------
    >>> c = pd.DataFrame({"district_code": ["001"] * 4, "outcome": ["early", "on_time", "late", "pending"],
    ...                   "online": [True, False, True, False]})
    >>> case_performance(c)[["cases", "ontime_pct", "online_pct", "late"]].to_numpy().tolist()
    [[4.0, 66.7, 50.0, 1.0]]
    """
    df = cases.assign(_returned=cases["outcome"] != "pending", _ontime=cases["outcome"].isin(["early", "on_time"]),
                      _late=cases["outcome"] == "late")
    out = df.groupby(by, as_index=False).agg(cases=("outcome", "size"), returned=("_returned", "sum"),
                                             ontime=("_ontime", "sum"), late=("_late", "sum"), online=("online", "mean"))
    out["ontime_pct"] = (100 * out["ontime"] / out["returned"]).round(1)
    out["online_pct"] = (100 * out["online"]).round(1)
    return out.drop(columns=["ontime", "online"]).astype({"cases": float, "late": float})


def petition_themes(petitions: pd.DataFrame, *, lang: str | None = None) -> pd.DataFrame:
    """Petitions by theme: how many, the median days to an answer, and how many are still unanswered.

    Parameters
    ----------
    petitions : pandas.DataFrame
        Clean petitions (as :func:`clean_petitions` gives them): ``category``, ``petition_id``,
        ``response_days`` and ``answered_yet``.
    lang : {"vi", "en"} or None
        The language of the theme names (the petitions codebook's labels; Vietnamese when None).

    Returns
    -------
    pandas.DataFrame
        One row per theme: ``category`` (its label), ``petitions``, ``median_response_days``,
        ``unanswered``.

    Examples
    --------
    >>> p = pd.DataFrame({"category": [1, 1, 2], "petition_id": ["a", "b", "c"],
    ...                   "response_days": [3.0, 5.0, None], "answered_yet": [True, True, False]})
    >>> petition_themes(p)[["petitions", "median_response_days", "unanswered"]].to_numpy().tolist()
    [[2.0, 4.0, 0.0], [1.0, nan, 1.0]]
    """
    from satisfaction.ingest.codebook import labels_of

    grouped = petitions.groupby("category")
    themes = pd.DataFrame({"petitions": grouped["petition_id"].size(),
                           "median_response_days": grouped["response_days"].median(),
                           "unanswered": grouped["answered_yet"].apply(lambda s: int((~s.astype(bool)).sum()))})
    themes.index = themes.index.map(labels_of("petitions", "category", lang=lang))
    return themes.reset_index()
