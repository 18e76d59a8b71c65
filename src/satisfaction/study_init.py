"""``satisfaction init``: propose a study file and a codebook per export, marking every doubt as a TODO.

Each export is read as it is (any format the readers take; SPSS and Stata variable and value labels
included). Each column's header, and its variable label, is compared with the variables the suite knows
(the package's survey codebook: names, Vietnamese and English labels, the headers it has seen), accent-,
case- and punctuation-insensitive (:func:`satisfaction.vietnamese.ascii_key`):

- equal keys: a match;
- a close key (a rapidfuzz ratio, or a partial ratio when one key holds most of the other, of at least
  :data:`UNSURE`) or a variable claimed by two columns: an *unsure* match, kept in the codebook and listed
  as a TODO;
- anything else: *unmatched*, left out of the codebook and listed as a TODO with a few of its values.

Nothing is guessed in silence: the proposed ``study.toml`` opens with every TODO, each naming the file,
the header and what to decide. Design choices (weight, strata, clusters) and the wave's year are proposed
only from matched columns and the file name; what cannot be proposed is a TODO.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from satisfaction.errors import SatisfactionError
from satisfaction.ingest.codebook import load_codebook
from satisfaction.ingest.pipeline import wave_of
from satisfaction.ingest.readers import read
from satisfaction.vietnamese import ascii_key

#: The fuzzy score (0-100) from which a header is proposed as an unsure match.
UNSURE = 80
_PLACE_VARIABLES = ("district_name", "ward_name")


def _labels(path: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """Variable labels and value labels of an SPSS or Stata file (empty for other formats)."""
    suffix = path.suffix.lower()
    if suffix not in (".sav", ".zsav", ".dta"):
        return {}, {}
    import pyreadstat

    reader = pyreadstat.read_sav if suffix != ".dta" else pyreadstat.read_dta
    try:
        _, meta = reader(str(path), metadataonly=True)
    except Exception as exc:  # pyreadstat's own errors: a damaged file is refused by read() with a message
        raise SatisfactionError(f"cannot read the file's labels: {exc}", file=path) from None
    labels = {k: v for k, v in (meta.column_names_to_labels or {}).items() if v}
    values = {col: meta.value_labels.get(name, {}) for col, name in (meta.variable_to_label or {}).items()}
    return labels, values


def _known(cb: pd.DataFrame) -> dict[str, str]:
    """Key of every way the package's codebook names a variable -> the variable."""
    keys = {}
    for _, row in cb.iterrows():
        for text in [row["variable"], row["label_vi"], row["label_en"], *row["source_columns"].split("|")]:
            key = ascii_key(text)
            if key:
                keys.setdefault(key, row["variable"])
    return keys


def _score(a: str, b: str, **_) -> float:
    """Similarity of two keys, 0-100: the edit-distance ratio, or, when one key holds most of the other
    (``overallsatisfaction`` in ``overallsatisfactionwiththeservice``), the best partial alignment."""
    score = fuzz.ratio(a, b)
    short, long_ = sorted((len(a), len(b)))
    if short >= 6 and short / long_ >= 0.5:
        score = max(score, fuzz.partial_ratio(a, b))
    return score


def match_columns(columns: list[str], labels: dict[str, str], cb: pd.DataFrame) -> pd.DataFrame:
    """Each column of an export matched to a variable of ``cb``: exact, unsure or unmatched.

    Parameters
    ----------
    columns : list of str
        The export's headers.
    labels : dict
        Variable labels by header (SPSS/Stata), compared too.
    cb : pandas.DataFrame
        The codebook whose variables are the candidates.

    Returns
    -------
    pandas.DataFrame
        One row per column: ``column``, ``label``, ``variable`` (empty when unmatched), ``match``
        (``exact``, ``unsure`` or ``unmatched``) and ``score`` (100 for exact).

    Examples
    --------
    >>> cb = load_codebook()
    >>> match_columns(["Ma phieu", "Trong so thiet ke", "Q99"], {}, cb)[["variable", "match"]].to_numpy().tolist()
    [['resp_id', 'exact'], ['weight', 'exact'], ['', 'unmatched']]
    """
    known = _known(cb)
    choices = list(known)
    rows = []
    for col in columns:
        texts = [t for t in (col, labels.get(col)) if t]
        variable, match, score = "", "unmatched", 0.0
        for t in texts:
            if ascii_key(t) in known:
                variable, match, score = known[ascii_key(t)], "exact", 100.0
                break
        if not variable:
            for t in texts:
                found = process.extractOne(ascii_key(t), choices, scorer=_score, score_cutoff=UNSURE)
                if found and found[1] > score:
                    variable, match, score = known[found[0]], "unsure", round(float(found[1]), 1)
        rows.append({"column": col, "label": labels.get(col, ""), "variable": variable, "match": match,
                     "score": score})
    out = pd.DataFrame(rows, columns=["column", "label", "variable", "match", "score"])
    # a variable some column names exactly is not also proposed for a column that only resembles it
    exact = set(out.loc[out["match"] == "exact", "variable"])
    lost = (out["match"] == "unsure") & out["variable"].isin(exact)
    out.loc[lost, ["variable", "match", "score"]] = ["", "unmatched", 0.0]
    twice = out["variable"].ne("") & out["variable"].duplicated(keep=False)
    out.loc[twice, "match"] = "unsure"  # one variable claimed by two columns: a person decides
    return out


def _codebook_rows(matches: pd.DataFrame, cb: pd.DataFrame, value_labels: dict[str, dict]) -> pd.DataFrame:
    rows = []
    base = cb.set_index("variable")
    for _, m in matches[matches["variable"] != ""].drop_duplicates("variable").iterrows():
        row = base.loc[m["variable"]].copy()
        heads = [m["column"]] + ([m["label"]] if m["label"] else [])
        row["source_columns"] = "|".join(dict.fromkeys(heads))
        labels = value_labels.get(m["column"], {})
        if labels and row["type"] in ("likert5", "categorical"):
            codes = {int(p.split("=", 1)[0]) for p in row["values"].split(";") if "=" in p}
            own = {int(float(k)): str(v) for k, v in labels.items() if float(k).is_integer()}
            if set(own) & codes:
                row["values_en"] = ";".join(f"{c}={own[c]}" for c in sorted(codes) if c in own)
                extra = sorted(set(own) - codes)  # labelled codes outside the scale: missing answers
                if extra:
                    row["missing_codes"] = ";".join(dict.fromkeys(
                        [*filter(None, row["missing_codes"].split(";")), *map(str, extra)]))
        rows.append({"variable": m["variable"], **row.to_dict()})
    return pd.DataFrame(rows, columns=cb.columns)


def propose_study(folder: str | Path, exports: list[str | Path], *, instrument: str = "sipas2017",
                  province: str | None = None) -> list[Path]:
    """Write ``study.toml`` and ``codebook_<export>.csv`` for each export into ``folder`` (see the module).

    Parameters
    ----------
    folder : str or pathlib.Path
        The study's folder (created; an existing ``study.toml`` there is never overwritten).
    exports : list of str or pathlib.Path
        The survey exports, one per wave.
    instrument : str
        The bundled instrument to propose (or the path of the study's own, written into the study).
    province : str or None
        The province, by name or code; a TODO when None.

    Returns
    -------
    list of pathlib.Path
        The files written, the study file first.

    Raises
    ------
    SatisfactionError
        If an export is missing or unreadable, or ``folder`` already holds a study file.
    """
    folder = Path(folder)
    study_path = folder / "study.toml"
    if study_path.exists():
        raise SatisfactionError("a study file is already there: edit it, or choose another folder", file=study_path)
    folder.mkdir(parents=True, exist_ok=True)
    cb = load_codebook("survey")
    todos, waves, written, matched_all = [], [], [], set()
    for export in map(Path, exports):
        if not export.is_file():
            raise SatisfactionError("export not found", file=export)
        raw = read(export)
        columns = [c for c in raw.columns if c != "source_row"]
        labels, value_labels = _labels(export)
        matches = match_columns(columns, labels, cb)
        matched_all |= set(matches.loc[matches["variable"] != "", "variable"])
        book = _codebook_rows(matches, cb, value_labels)
        name = f"codebook_{export.stem}.csv"
        book.to_csv(folder / name, index=False, encoding="utf-8", lineterminator="\n")
        written.append(folder / name)
        for _, m in matches.iterrows():
            sample = ", ".join(map(str, raw[m["column"]].dropna().astype(str).drop_duplicates().head(3).tolist()))
            head = f"{m['column']!r}" + (f" (label {m['label']!r})" if m["label"] else "")
            if m["match"] == "unsure":
                todos.append(f"{export.name}: {head} was taken as {m['variable']!r} (score {m['score']:.0f}); check "
                             f"it in {name} (values: {sample})")
            elif m["match"] == "unmatched":
                todos.append(f"{export.name}: {head} matches no variable the suite knows; add a row for it to {name} "
                             f"if it is needed (values: {sample})")
        year = wave_of(export)
        if year is None:
            todos.append(f"{export.name}: the wave's year is not in the file name; set year in its [[waves]]")
        rel = Path(os.path.relpath(export.resolve(), folder.resolve())).as_posix()
        waves.append((rel, name, year))
    districts = "district_name" in matched_all
    vintage = "2024" if districts else "2025"
    if province is None:
        todos.append("geography: name the province(s) of the study (provinces = [...])")
    lines = ["# Proposed by `satisfaction init`: read every TODO below, edit this file and the codebooks, then run",
             "# `python -m satisfaction check study.toml`. The format is in docs/study.md.", "#"]
    lines += [f"# TODO {t}" for t in todos] or ["# Nothing left to decide: every column matched."]
    lines += ["", f'title = "{folder.resolve().name}"', 'language = "vi"', "", "[geography]",
              f'provinces = ["{province or "Hà Nội"}"]' + ("" if province else "  # TODO: the study's province(s)"),
              f'vintage = "{vintage}"  # TODO check: "2024" if the files name districts and wards before 2025-07-01',
              f'level = "{"district" if districts else "commune"}"', "", "[instrument]",
              (f'file = "{instrument}"' if str(instrument).endswith(".toml") else f'name = "{instrument}"'), "",
              "[design]"]
    lines.append('weight = "weight"' if "weight" in matched_all else "# TODO: weight = the column of the design weights")
    if districts:
        lines.append('strata = "district_code"  # TODO check: the sampling strata')
    lines.append('cluster = "psu_code"  # TODO check: the first-stage sampling unit' if "psu_code" in matched_all
                 else '# TODO: cluster = the first-stage sampling unit (for communes sampled: "new_ward")')
    lines.append("nest_in_waves = true")
    for rel, name, year in waves:
        lines += ["", "[[waves]]", f'file = "{rel}"', f'codebook = "{name}"',
                  f"year = {year}" if year is not None else "year = 0  # TODO: the survey year"]
    study_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [study_path, *written]


__all__ = ["UNSURE", "match_columns", "propose_study"]
