"""The ``onrecord`` command: thin wrappers over the library, one module per command.

``app`` is the console script's entry point. Each module registers its command on it when
imported; the order of these imports is the order of ``onrecord --help``.
"""

# isort: off
from onrecord.cli import _analyze, _evaluate, _eval_search, _train, _stance  # noqa: F401
from onrecord.cli import _ingest, _run, _embed, _query, _search, _line, _topics  # noqa: F401
from onrecord.cli import _export, _serve  # noqa: F401

# isort: on
from onrecord.cli._util import app

__all__ = ["app"]
