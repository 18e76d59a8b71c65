"""Design-based estimation as R's ``survey`` package: the :class:`Design`, Taylor-linearised
mean, total, ratio and proportion, replicate weights, calibration and disclosure control.

Knows nothing of labels, files or folders; imports only ``errors``.
"""

from satisfaction.survey._common import COLUMNS
from satisfaction.survey.calibration import calibrate, post_stratify, rake, rake_design, trim_weights
from satisfaction.survey.design import (
    LONELY,
    Calibrated,
    Design,
    DesignFrame,
    domain_codes,
    domain_means,
    logit_ci,
    many_means,
    means_rows,
)
from satisfaction.survey.disclosure import suppress
from satisfaction.survey.estimators import mean, proportion, ratio, row_ci, set_cis, total
from satisfaction.survey.intervals import METHODS as CI_METHODS
from satisfaction.survey.intervals import proportion_ci, proportion_cis
from satisfaction.survey.quantiles import quantile, weighted_quantile
from satisfaction.survey.replicates import (
    ReplicateDesign,
    replicate_design,
    replicate_rows,
    replicate_weights,
    resolve,
)

__all__ = [
    "COLUMNS",
    "LONELY",
    "Design",
    "DesignFrame",
    "domain_means",
    "domain_codes",
    "many_means",
    "means_rows",
    "logit_ci",
    "proportion_ci",
    "quantile",
    "weighted_quantile",
    "CI_METHODS",
    "mean",
    "total",
    "ratio",
    "proportion",
    "ReplicateDesign",
    "replicate_design",
    "replicate_weights",
    "replicate_rows",
    "resolve",
    "row_ci",
    "set_cis",
    "proportion_cis",
    "rake",
    "rake_design",
    "calibrate",
    "post_stratify",
    "trim_weights",
    "Calibrated",
    "suppress",
]
