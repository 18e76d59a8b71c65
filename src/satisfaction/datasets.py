"""Small example files that ship inside the package, for the docstrings' examples and first tries.

They are cut from the simulated raw exports by ``scripts/make_examples.py``: as messy as the full
exports (title rows above the header, typos in place names, TCVN3 bytes), only smaller.

=================================  =====================================================
name                               what it is
=================================  =====================================================
``khao_sat_2024_sample.xlsx``      survey wave 2024, respondents of two districts
``ho_so_2024_sample.csv``          the first 300 cases of the 2024 case register
``so_thu_2024.xlsx``               the 2024 letters register (Unicode)
``so_thu_thuong_tin_2024_tcvn3.csv``  its second part, in the legacy TCVN3 encoding
``study_hanoi_2026/``              a whole small study (:func:`example_study`): a 2026 commune-level
                                   survey of Hanoi as an SPSS file with value labels, English
                                   headers, its own six-factor instrument, a two-stage design
                                   with an fpc per stage, and no registers
=================================  =====================================================

Examples
--------
>>> example("ho_so_2024_sample.csv").name
'ho_so_2024_sample.csv'
"""

from __future__ import annotations

from pathlib import Path

from satisfaction.config import PACKAGE_DATA
from satisfaction.errors import SatisfactionError

EXAMPLES = PACKAGE_DATA / "examples"


def example_names() -> list[str]:
    """The example files that ship with the package.

    Returns
    -------
    list of str
    """
    return sorted(p.name for p in EXAMPLES.iterdir() if p.is_file())


def example(name: str) -> Path:
    """The path of one example file shipped with the package.

    Parameters
    ----------
    name : str
        One of :func:`example_names`.

    Returns
    -------
    pathlib.Path
    """
    path = EXAMPLES / name
    if not path.is_file():
        raise SatisfactionError(f"no example {name!r}; the examples are {', '.join(example_names())}")
    return path


def example_study() -> Path:
    """The study file of the bundled example study ``study_hanoi_2026`` (see the module).

    Returns
    -------
    pathlib.Path
        Its ``study.toml``.
    """
    return EXAMPLES / "study_hanoi_2026" / "study.toml"
