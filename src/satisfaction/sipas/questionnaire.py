"""Questionnaires as data: an instrument file names the factors (in reporting order, with Vietnamese
and English labels), the items of each, the overall item, the expectation items, the scale and what
counts as satisfied. ``sipas2017`` (the ministry's 22 criteria in 5 factors) is bundled; a study can
describe its own (``docs/instruments.md`` gives the format field by field).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from satisfaction.errors import SatisfactionError

_TOP = {"name", "title_vi", "title_en", "scale", "satisfied", "dissatisfied", "overall", "factors"}
_FACTOR = {"key", "label_vi", "label_en", "items", "expectation"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Factor:
    """One factor of an instrument.

    Parameters
    ----------
    key : str
        Its identifier (letters, digits, underscores), e.g. ``"staff"``.
    label_vi, label_en : str
        Its name in reports.
    items : tuple of str
        The variables of its items, in questionnaire order.
    expectation : str or None
        The variable of its stated importance (expectation) item, if the questionnaire has one.
    """

    key: str
    label_vi: str
    label_en: str
    items: tuple[str, ...]
    expectation: str | None = None


@dataclass(frozen=True)
class Instrument:
    """A questionnaire: its factors in reporting order, the overall item, the scale and its satisfied codes.

    Parameters
    ----------
    name : str
        Its identifier, e.g. ``"sipas2017"``.
    title_vi, title_en : str
        Its title.
    scale : int
        The number of points of every item (codes 1 to ``scale``).
    satisfied : tuple of int
        The codes that count as satisfied (SIPAS: 4 and 5).
    dissatisfied : tuple of int
        The codes that count as dissatisfied (SIPAS: 1 and 2).
    overall : str or None
        The variable of the overall satisfaction item.
    factors : tuple of Factor
        The factors, in reporting order.
    """

    name: str
    title_vi: str
    title_en: str
    scale: int
    satisfied: tuple[int, ...]
    dissatisfied: tuple[int, ...]
    overall: str | None
    factors: tuple[Factor, ...]

    @property
    def labels(self) -> dict[str, tuple[str, str]]:
        """The factors' labels by key, in reporting order.

        Returns
        -------
        dict
            ``{key: (label_vi, label_en)}``.
        """
        return {f.key: (f.label_vi, f.label_en) for f in self.factors}

    def factor(self, key: str) -> Factor:
        """The factor with this key.

        Parameters
        ----------
        key : str
            A factor's key.

        Returns
        -------
        Factor
            The factor.

        Raises
        ------
        SatisfactionError
            If the instrument has no such factor.
        """
        for f in self.factors:
            if f.key == key:
                return f
        raise SatisfactionError(f"instrument {self.name!r} has no factor {key!r}; its factors are "
                                f"{', '.join(f.key for f in self.factors)}")

    def items(self, factor: str | None = None) -> list[str]:
        """The items of one factor, or of all factors in reporting order.

        Parameters
        ----------
        factor : str or None
            A factor's key; ``None`` for every factor's items.

        Returns
        -------
        list of str
            The variables.
        """
        chosen = self.factors if factor is None else (self.factor(factor),)
        return [item for f in chosen for item in f.items]

    @property
    def expectations(self) -> dict[str, str]:
        """The expectation item of each factor that has one.

        Returns
        -------
        dict
            ``{factor key: variable}``, in reporting order.
        """
        return {f.key: f.expectation for f in self.factors if f.expectation}


def load_instrument(source: str | Path = "sipas2017") -> Instrument:
    """Read an instrument: a bundled one by name, or a TOML file (``docs/instruments.md``).

    Parameters
    ----------
    source : str or pathlib.Path
        The name of a bundled instrument (``"sipas2017"``) or the path of a ``.toml`` file.

    Returns
    -------
    Instrument
        The questionnaire.

    Raises
    ------
    SatisfactionError
        Naming the file and the key: an unknown bundled name or a missing file, a file that is not valid
        TOML, an unknown or missing key, a scale that is not an integer of at least 2, satisfied or
        dissatisfied codes outside the scale or overlapping, a factor key that is not an identifier or
        appears twice, a factor without items, or an item in two factors.

    Examples
    --------
    >>> sipas = load_instrument("sipas2017")
    >>> [f.key for f in sipas.factors], len(sipas.items()), sipas.satisfied
    (['access', 'procedures', 'staff', 'results', 'feedback'], 22, (4, 5))
    """
    path = Path(source)
    if path.suffix.lower() != ".toml":
        bundled = resources.files("satisfaction") / "data" / "instruments" / f"{source}.toml"
        if not bundled.is_file():
            names = sorted(p.name[:-5] for p in (resources.files("satisfaction") / "data" / "instruments").iterdir()
                           if p.name.endswith(".toml"))
            raise SatisfactionError(f"no bundled instrument {str(source)!r}: the bundled ones are {', '.join(names)}; "
                                    "or give the path of a .toml file")
        text, where = bundled.read_text(encoding="utf-8"), f"{source}.toml"
    else:
        if not path.is_file():
            raise SatisfactionError("instrument file not found", file=path)
        text, where = path.read_text(encoding="utf-8"), path
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SatisfactionError(f"not a valid TOML file: {err}", file=where) from None
    return _instrument(raw, where)


def _instrument(raw: dict, where) -> Instrument:
    def fail(message: str):
        raise SatisfactionError(message, file=where)

    unknown = sorted(set(raw) - _TOP)
    if unknown:
        fail(f"unknown key(s) {', '.join(unknown)}; an instrument has {', '.join(sorted(_TOP))}")
    for key in ("name", "scale", "satisfied", "factors"):
        if key not in raw:
            fail(f"missing key {key!r}")
    scale = raw["scale"]
    if not isinstance(scale, int) or isinstance(scale, bool) or scale < 2:
        fail(f"scale must be an integer of at least 2, not {scale!r}")
    codes = {}
    for key in ("satisfied", "dissatisfied"):
        values = raw.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, int) and 1 <= v <= scale for v in values):
            fail(f"{key} must be a list of codes between 1 and {scale}, not {values!r}")
        codes[key] = tuple(values)
    if not codes["satisfied"]:
        fail("satisfied must name at least one code")
    if set(codes["satisfied"]) & set(codes["dissatisfied"]):
        fail(f"codes {sorted(set(codes['satisfied']) & set(codes['dissatisfied']))} are both satisfied and dissatisfied")
    factors, seen_items, seen_keys = [], {}, set()
    if not isinstance(raw["factors"], list) or not raw["factors"]:
        fail("factors must be a list of [[factors]] tables, at least one")
    for i, f in enumerate(raw["factors"], start=1):
        where_f = f"factors[{i}]"
        if not isinstance(f, dict):
            fail(f"{where_f} must be a table")
        unknown = sorted(set(f) - _FACTOR)
        if unknown:
            fail(f"{where_f}: unknown key(s) {', '.join(unknown)}; a factor has {', '.join(sorted(_FACTOR))}")
        key = f.get("key")
        if not isinstance(key, str) or not _NAME.match(key):
            fail(f"{where_f}: key must be an identifier (letters, digits, _), not {key!r}")
        if key in seen_keys:
            fail(f"{where_f}: factor key {key!r} appears twice")
        seen_keys.add(key)
        its = f.get("items")
        if not isinstance(its, list) or not its or not all(isinstance(v, str) and v for v in its):
            fail(f"{where_f} ({key}): items must be a non-empty list of variable names")
        for item in its:
            if item in seen_items:
                fail(f"{where_f} ({key}): item {item!r} is already in factor {seen_items[item]!r}")
            seen_items[item] = key
        expectation = f.get("expectation")
        if expectation is not None and not isinstance(expectation, str):
            fail(f"{where_f} ({key}): expectation must be a variable name")
        factors.append(Factor(key, str(f.get("label_vi", key)), str(f.get("label_en", f.get("label_vi", key))),
                              tuple(its), expectation))
    overall = raw.get("overall")
    if overall is not None and overall in seen_items:
        fail(f"the overall item {overall!r} is also an item of factor {seen_items[overall]!r}")
    return Instrument(str(raw["name"]), str(raw.get("title_vi", raw["name"])),
                      str(raw.get("title_en", raw.get("title_vi", raw["name"]))), scale, codes["satisfied"],
                      codes["dissatisfied"], overall, tuple(factors))


#: The bundled SIPAS 2017 questionnaire.
SIPAS2017 = load_instrument("sipas2017")

#: The five SIPAS factors (QĐ 2640/QĐ-BNV, 2017), in the order the ministry reports them: ``{key: (vi, en)}``,
#: read from the bundled instrument.
FACTORS = SIPAS2017.labels


def items(codebook: pd.DataFrame, factor: str | None = None) -> list[str]:
    """The 22 SIPAS criteria (or one factor's), in questionnaire order.

    Parameters
    ----------
    codebook : pandas.DataFrame
        A survey codebook with ``variable`` and ``factor`` columns, as
        :func:`satisfaction.ingest.load_codebook` returns it.
    factor : str, optional
        A key of :data:`FACTORS`; None for the criteria of all five. Any other value selects the
        variables whose ``factor`` in the codebook is that value (``"expectation"``, for instance).

    Returns
    -------
    list of str
        The variable names, in the codebook's row order.

    Examples
    --------
    >>> from satisfaction.ingest import load_codebook
    >>> items(load_codebook(), "results")
    ['q_res_correct', 'q_res_info', 'q_res_ontime']
    """
    sel = codebook["factor"].isin(FACTORS) if factor is None else codebook["factor"] == factor
    return codebook.loc[sel, "variable"].tolist()
