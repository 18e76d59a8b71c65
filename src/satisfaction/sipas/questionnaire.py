"""The SIPAS questionnaire of 2017: its five factors in reporting order and the criteria of each."""

from __future__ import annotations

import pandas as pd

#: The five SIPAS factors (QĐ 2640/QĐ-BNV, 2017), in the order the ministry reports them.
FACTORS = {
    "access": ("Tiếp cận dịch vụ", "Access to the service"),
    "procedures": ("Thủ tục hành chính", "Administrative procedures"),
    "staff": ("Công chức trực tiếp giải quyết công việc", "Civil servants"),
    "results": ("Kết quả cung ứng dịch vụ", "Results of the service"),
    "feedback": ("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "Handling of feedback and complaints"),
}


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
