"""The SIPAS questionnaire and its indices: item, factor and overall indices, importance-performance
analysis, and the published record (SIPAS, PAR Index, PAPI).
"""

from satisfaction.sipas.importance import ipa, with_factor_scores
from satisfaction.sipas.indices import (
    INDEX_COLUMNS,
    MEASURES,
    NEW_UNITS_WAVE,
    SURVEY_DESIGN,
    headline,
    prepare,
    sipas_index,
)
from satisfaction.sipas.published import (
    PAPI_DIMENSIONS,
    PAPI_SHEET,
    SERVICE_DIMENSIONS,
    dimension_trends,
    hanoi_par_districts,
    papi_fixed_effects,
    papi_fixed_effects_table,
    papi_panel,
    published_indices,
    read_papi,
    sipas_provinces,
    within_correlations,
)
from satisfaction.sipas.questionnaire import FACTORS, SIPAS2017, Factor, Instrument, items, load_instrument

__all__ = [
    "FACTORS",
    "SIPAS2017",
    "Factor",
    "Instrument",
    "load_instrument",
    "items",
    "INDEX_COLUMNS",
    "MEASURES",
    "NEW_UNITS_WAVE",
    "sipas_index",
    "SURVEY_DESIGN",
    "prepare",
    "headline",
    "ipa",
    "with_factor_scores",
    "PAPI_DIMENSIONS",
    "SERVICE_DIMENSIONS",
    "PAPI_SHEET",
    "published_indices",
    "sipas_provinces",
    "hanoi_par_districts",
    "read_papi",
    "papi_panel",
    "dimension_trends",
    "within_correlations",
    "papi_fixed_effects",
    "papi_fixed_effects_table",
]
