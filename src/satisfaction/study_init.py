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

An unmatched column that looks like a 1-5 item (value labels or values of a five-point scale, in
Vietnamese or English) is added to the codebook under its own name; when fewer than half of SIPAS 2017's
items matched, an ``instrument.toml`` of the study's own is proposed with every item in one factor, to be
split. Nothing is guessed in silence: the proposed ``study.toml`` opens with every TODO, each naming the
file, the header and what to decide. Design choices (weight, strata, clusters) and the wave's year are proposed
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
from satisfaction.ingest.privacy import COLUMN_PLACEHOLDERS, personal_column, redact
from satisfaction.ingest.readers import read
from satisfaction.vietnamese import ascii_key

#: The fuzzy score (0-100) from which a header is proposed as an unsure match.
UNSURE = 80
_PLACE_VARIABLES = ("district_name", "ward_name")


def _sample(values: pd.Series, header: str, label: str) -> str:
    """Three values of a column for the study file's TODO notes, personal data redacted (a column whose header
    or label names personal data shows its placeholder only)."""
    kind = personal_column(header) or personal_column(label)
    if kind:
        return f"{COLUMN_PLACEHOLDERS[kind]} (withheld: personal data)"
    shown = values.dropna().astype(str).drop_duplicates().head(3)
    return ", ".join(redact(v)[0] for v in shown)


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


_OVERALL_WORDS = ("overall", "haylongchung", "hailongchung", "danhgiachung", "nhinchung")


def _likert(values: pd.Series, labels: dict, scale_keys: dict[str, int]) -> tuple[bool, list[str]]:
    """Whether a column looks like a 1-5 item, and the codes it holds outside 1-5 (missing answers)."""
    if labels:
        codes = {int(float(k)) for k in labels if float(k).is_integer()}
        inside = codes & set(range(1, 6))
        return len(inside) >= 4 and codes <= set(range(1, 6)) | {0, 6, 7, 8, 9, 97, 98, 99}, \
            sorted(str(c) for c in codes - set(range(1, 6)))
    present = values.dropna()
    if present.empty:
        return False, []
    as_number = pd.to_numeric(present, errors="coerce")
    if as_number.notna().all():
        seen = set(as_number.round().astype(int))
        inside = seen & set(range(1, 6))
        extra = seen - set(range(1, 6))
        return len(inside) >= 3 and extra <= {0, 9, 97, 98, 99}, sorted(map(str, extra))
    keys = present.astype(str).map(ascii_key)
    share = keys.isin(scale_keys).mean()
    return share >= 0.9, sorted(set(present.astype(str)[~keys.isin(scale_keys)]))[:5]


def _variable_name(column: str, taken: set[str]) -> str:
    """A variable name for a column the suite does not know: lower case, letters, digits and ``_``."""
    base = "".join(ch if ch.isalnum() else "_" for ch in ascii_key(column) or "item").strip("_") or "item"
    base = f"q_{base}" if not base.startswith("q") else base
    name, k = base, 2
    while name in taken:
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escaping is TOML's for these characters)."""
    import json

    return json.dumps(str(text), ensure_ascii=False)


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
    likert = cb[cb["type"] == "likert5"].iloc[0]  # the scale's labels, in Vietnamese and English
    scale_keys = {ascii_key(p.split("=", 1)[1]): int(p.split("=", 1)[0])
                  for col in ("values", "values_en") for p in likert[col].split(";")}
    from satisfaction.sipas.questionnaire import SIPAS2017

    todos, waves, written, matched_all, new_items, overall_guess = [], [], [], set(), [], None
    taken, named = set(cb["variable"]), {}
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
        extra_rows = []
        for _, m in matches.iterrows():
            sample = _sample(raw[m["column"]], m["column"], m["label"])
            head = f"{m['column']!r}" + (f" (label {m['label']!r})" if m["label"] else "")
            if m["match"] == "unsure":
                todos.append(f"{export.name}: {head} was taken as {m['variable']!r} (score {m['score']:.0f}); check "
                             f"it in {name} (values: {sample})")
                continue
            if m["match"] != "unmatched":
                continue
            is_item, missing = _likert(raw[m["column"]], value_labels.get(m["column"], {}), scale_keys)
            if not is_item:
                todos.append(f"{export.name}: {head} matches no variable the suite knows; add a row for it to {name} "
                             f"if it is needed (values: {sample})")
                continue
            var = named.get(m["column"]) or _variable_name(m["column"], taken)
            named[m["column"]] = var  # the same header in another wave is the same item
            own = value_labels.get(m["column"], {})
            values_en = (";".join(f"{c}={own[k]}" for k in own if (c := int(float(k))) in range(1, 6)) if own
                         else likert["values_en"])
            is_overall = any(w in ascii_key(f"{m['column']} {m['label']}") for w in _OVERALL_WORDS)
            extra_rows.append({"variable": var, "label_vi": m["label"] or m["column"], "label_en": m["label"] or m["column"],
                               "type": "likert5", "factor": "overall" if is_overall else "TODO",
                               "values": likert["values"], "values_en": values_en, "missing_codes": ";".join(missing),
                               "required": "no", "source_columns": "|".join(dict.fromkeys(
                                   [m["column"], *([m["label"]] if m["label"] else [])]))})
            if var in new_items or var == overall_guess:
                continue  # already proposed for an earlier wave
            if is_overall and overall_guess is None and "q_overall" not in matched_all:
                overall_guess = var
                todos.append(f"{export.name}: {head} looks like the overall satisfaction item: proposed as the "
                             f"instrument's overall item {var!r} (values: {sample})")
            else:
                new_items.append(var)
                todos.append(f"{export.name}: {head} looks like a 1-5 item the suite does not know: added to {name} as "
                             f"{var!r} and to the proposed instrument; name it and put it in its factor (values: {sample})")
        book = pd.concat([book, pd.DataFrame(extra_rows, columns=book.columns)], ignore_index=True)
        book.to_csv(folder / name, index=False, encoding="utf-8", lineterminator="\n")
        written.append(folder / name)
        year = wave_of(export)
        if year is None:
            todos.append(f"{export.name}: the wave's year is not in the file name; set year in its [[waves]]")
        rel = Path(os.path.relpath(export.resolve(), folder.resolve())).as_posix()
        waves.append((rel, name, year))
    instrument_line = f"file = {_toml(str(instrument))}" if str(instrument).endswith(".toml") else \
        f"name = {_toml(str(instrument))}"
    known_items = [i for i in SIPAS2017.items() if i in matched_all]
    if new_items and str(instrument) == "sipas2017" and len(known_items) < len(SIPAS2017.items()) / 2:
        # not the 2017 questionnaire: propose the study's own, every item in one factor to be split
        overall = "q_overall" if "q_overall" in matched_all else overall_guess
        lines_i = ["# Proposed by `satisfaction init` (docs/instruments.md). TODO: split the items into your",
                   "# questionnaire's factors, in reporting order, and name each factor.",
                   f'name = "{_variable_name(folder.resolve().name, set())}"', "scale = 5", "satisfied = [4, 5]",
                   "dissatisfied = [1, 2]",
                   f'overall = "{overall}"' if overall else "# TODO: overall = the overall satisfaction item", "",
                   "[[factors]]", 'key = "factor1"  # TODO', 'label_vi = "TODO"', 'label_en = "TODO"',
                   "items = [" + ", ".join(f'"{v}"' for v in known_items + new_items) + "]", ""]
        (folder / "instrument.toml").write_text("\n".join(lines_i), encoding="utf-8")
        written.append(folder / "instrument.toml")
        instrument_line = 'file = "instrument.toml"  # TODO: proposed, the items were not SIPAS 2017\'s'
        todos.append(f"instrument.toml: {len(known_items)} of SIPAS 2017's 22 items matched, so a questionnaire of its "
                     f"own is proposed with {len(known_items) + len(new_items)} items in one factor: split them into "
                     "its factors")
    districts = "district_name" in matched_all
    vintage = "2024" if districts else "2025"
    if province is None:
        todos.append("geography: name the province(s) of the study (provinces = [...])")
    lines = ["# Proposed by `satisfaction init`: read every TODO below, edit this file and the codebooks, then run",
             "# `python -m satisfaction check study.toml`. The format is in docs/study.md.", "#"]
    lines += [f"# TODO {' '.join(t.split())}" for t in todos] or ["# Nothing left to decide: every column matched."]
    lines += ["", f"title = {_toml(folder.resolve().name)}", 'language = "vi"', "", "[geography]",
              f"provinces = [{_toml(province or 'Hà Nội')}]" + ("" if province else "  # TODO: the study's province(s)"),
              f'vintage = "{vintage}"  # TODO check: "2024" if the files name districts and wards before 2025-07-01',
              f'level = "{"district" if districts else "commune"}"', "", "[instrument]",
              instrument_line, "",
              "[design]"]
    lines.append('weight = "weight"' if "weight" in matched_all else "# TODO: weight = the column of the design weights")
    if districts:
        lines.append('strata = "district_code"  # TODO check: the sampling strata')
    lines.append('cluster = "psu_code"  # TODO check: the first-stage sampling unit' if "psu_code" in matched_all
                 else '# TODO: cluster = the first-stage sampling unit (for communes sampled: "new_ward")')
    lines.append("nest_in_waves = true")
    for rel, name, year in waves:
        lines += ["", "[[waves]]", f"file = {_toml(rel)}", f"codebook = {_toml(name)}",
                  f"year = {year}" if year is not None else "year = 0  # TODO: the survey year"]
    study_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [study_path, *written]


__all__ = ["UNSURE", "match_columns", "propose_study"]
