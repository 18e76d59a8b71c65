"""``python -m satisfaction``: the command-line interface (see :mod:`satisfaction.cli`)."""

from satisfaction.cli import main

raise SystemExit(main())
