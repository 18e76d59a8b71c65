"""The project's exception for problems in the user's input, and its warnings.

Every message names where the problem is (file, sheet, row, column) and what was expected,
so that a user of the command line never has to read a pandas traceback.
"""

from __future__ import annotations

from pathlib import Path


class SatisfactionError(ValueError):
    """A problem with the user's data, files or options.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file, sheet, row, column : optional
        Where the problem is; each one given is named in the message.

    Examples
    --------
    >>> err = SatisfactionError("expected a number of minutes", file="survey.xlsx", row=12, column="wait")
    >>> print(err)
    survey.xlsx, row 12, column 'wait': expected a number of minutes
    """

    def __init__(self, message: str, *, file: str | Path | None = None, sheet: str | None = None,
                 row: int | None = None, column: str | None = None) -> None:
        self.file, self.sheet, self.row, self.column = file, sheet, row, column
        where = []
        if file is not None:
            where.append(Path(file).name)
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class SatisfactionWarning(UserWarning):
    """Something the user should know about a result that is still returned (filter it as any warning).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("a domain has one PSU", SatisfactionWarning)
    >>> caught[0].category.__name__
    'SatisfactionWarning'
    """


class ConvergenceWarning(SatisfactionWarning):
    """A model's fit did not converge, or converged on the boundary (its result says ``converged``)."""
