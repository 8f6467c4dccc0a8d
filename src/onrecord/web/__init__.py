"""The web app: articles with their statements highlighted, speakers, a sourcing dashboard,
search, who holds a line (and saved lines), analysis of pasted articles, and the same data as
a JSON API under ``/api``.

Needs the ``web`` extra: ``pip install 'onrecord[web]'``. ``onrecord serve`` runs it; in code:

    app = create_app("corpus.db")  # a FastAPI app, for any ASGI server
"""

from onrecord.errors import WEB_EXTRA_HINT, MissingExtraError

try:
    import fastapi  # noqa: F401
    import jinja2  # noqa: F401
except ModuleNotFoundError as error:
    raise MissingExtraError(
        f"the web app needs {error.name}, which is not installed: {WEB_EXTRA_HINT}"
    ) from error

from onrecord.web._app import DEFAULT_MAX_BODY_BYTES, LOOPBACK_HOSTS, create_app, hosts_for
from onrecord.web._service import Analyzer

__all__ = ["DEFAULT_MAX_BODY_BYTES", "LOOPBACK_HOSTS", "Analyzer", "create_app", "hosts_for"]
