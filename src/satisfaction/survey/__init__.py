"""Design-based estimation as R's ``survey`` package: the :class:`Design`, Taylor-linearised
mean, total, ratio and proportion, replicate weights, calibration and disclosure control.

Knows nothing of labels, files or folders; imports only ``errors``.
"""

from satisfaction.survey._common import COLUMNS
from satisfaction.survey.calibration import calibrate, post_stratify, rake, rake_design, trim_weights
from satisfaction.survey.design import LONELY, Calibrated, Design, DesignFrame, domain_means, logit_ci
from satisfaction.survey.disclosure import suppress
from satisfaction.survey.estimators import mean, proportion, ratio, total
from satisfaction.survey.intervals import METHODS as CI_METHODS
from satisfaction.survey.intervals import proportion_ci
from satisfaction.survey.quantiles import quantile, weighted_quantile
from satisfaction.survey.replicates import ReplicateDesign, replicate_design

__all__ = [
    "COLUMNS",
    "LONELY",
    "Design",
    "DesignFrame",
    "domain_means",
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
    "rake",
    "rake_design",
    "calibrate",
    "post_stratify",
    "trim_weights",
    "Calibrated",
    "suppress",
]
