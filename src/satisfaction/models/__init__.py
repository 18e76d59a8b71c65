"""What drives satisfaction: ordinal, linear and logistic models with design-based SEs, multilevel
models, key drivers, scale reliability, small-area (Fay-Herriot) estimation and rank intervals.

Every regression-type model (ordinal, linear, logit, key drivers, multilevel) returns a
:class:`ModelResult` with ``.table``, ``.fit`` and ``converged``; Fay-Herriot returns its own result with
``converged``; tests and comparisons return DataFrames. Imports ``survey`` and ``errors`` only.
"""

from satisfaction.models._results import TABLE_COLUMNS, ModelResult
from satisfaction.models.keydrivers import KeyDriversFit, key_drivers
from satisfaction.models.mixed import MultilevelFit, multilevel
from satisfaction.models.ordinal import OrdinalFit, ordinal_logit, proportional_odds_test
from satisfaction.models.ranking import change, rank_intervals, self_assessment_gap
from satisfaction.models.regression import GLMFit, linear, logit
from satisfaction.models.scales import efa, factorability, reliability
from satisfaction.models.smallarea import FayHerriot, fay_herriot

__all__ = [
    "TABLE_COLUMNS",
    "ModelResult",
    "OrdinalFit",
    "ordinal_logit",
    "proportional_odds_test",
    "GLMFit",
    "linear",
    "logit",
    "KeyDriversFit",
    "key_drivers",
    "MultilevelFit",
    "multilevel",
    "reliability",
    "factorability",
    "efa",
    "FayHerriot",
    "fay_herriot",
    "rank_intervals",
    "change",
    "self_assessment_gap",
]
