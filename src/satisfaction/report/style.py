"""One look for every figure: the Okabe-Ito colour-blind-safe palette, a font with Vietnamese.

Okabe & Ito (2008) chose these eight colours to stay distinct under the common colour-vision
deficiencies; sequential maps use one hue (``Blues``). DejaVu Sans, matplotlib's own font, has
every Vietnamese letter with its tone marks (``tests/test_style.py`` checks that no glyph is
missing).
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl
from cycler import cycler

#: Okabe-Ito, by name.
PALETTE = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "purple": "#CC79A7",
           "sky": "#56B4E9", "vermillion": "#D55E00", "yellow": "#F0E442", "grey": "#999999"}
#: The palette in the order series take it.
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "purple", "sky", "vermillion", "yellow", "grey")]
SEQUENTIAL = "Blues"
LIGHT = {"blue": "#9ecae1", "grey": "#cccccc"}
#: Notes and source lines.
NOTE = "#444444"
FONT = "DejaVu Sans"


#: The project's matplotlib settings, applied only inside :func:`theme`.
RC = {
    "axes.prop_cycle": cycler(color=CYCLE),
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "svg.hashsalt": "satisfaction",  # the same ids in the SVG on every run
    "svg.fonttype": "path",  # text drawn as outlines: the SVG needs no font on the reader's machine
}


def theme():
    """The project's look for the figures drawn (and saved) inside a ``with`` block; nothing changes outside it.

    Only the settings of :data:`RC` are set and then restored. matplotlib's own ``rc_context`` would
    restore every setting, among them ``interactive`` and ``backend`` that pyplot resolves when the
    first figure of a Jupyter kernel is drawn inside the block: later figures would then not show.

    Returns
    -------
    contextlib.AbstractContextManager
        Sets the settings of :data:`RC` on entering, restores their earlier values on leaving.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with theme():
    ...     mpl.rcParams["svg.fonttype"]
    'path'
    """
    return _theme()


@contextmanager
def _theme():
    saved = {key: mpl.rcParams[key] for key in RC}
    mpl.rcParams.update(RC)
    try:
        yield
    finally:
        mpl.rcParams.update(saved)
