"""``onrecord serve``: the web app over the store."""

from __future__ import annotations

from typing import Annotated

import typer

from onrecord.cli._util import Command, DbOption, app, example, fail
from onrecord.errors import WEB_EXTRA_HINT, OnrecordError
from onrecord.io._inputs import MAX_BYTES_DEFAULT


@app.command(cls=Command, epilog=example("onrecord serve --db onrecord.db --port 8000"))
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_writes: Annotated[
        bool, typer.Option("--allow-writes", help="Let the app save analyzed articles.")
    ] = False,
    max_body_bytes: Annotated[
        int, typer.Option(help="Answer 413 to request bodies larger than this.")
    ] = MAX_BYTES_DEFAULT,
) -> None:
    """Serve the web app over the store: articles, speakers, sourcing, search, analysis, /api."""
    try:
        import uvicorn

        from onrecord.web import create_app, hosts_for

        web_app = create_app(
            db,
            allow_writes=allow_writes,
            max_body_bytes=max_body_bytes,
            allowed_hosts=hosts_for(host),
        )
    except ModuleNotFoundError as error:
        fail(f"onrecord serve needs {error.name}, which is not installed: {WEB_EXTRA_HINT}")
    except OnrecordError as error:
        fail(str(error))
    mode = "writes allowed" if allow_writes else "read-only"
    typer.echo(f"serving {web_app.state.web.store.url} ({mode}) on http://{host}:{port}/")
    uvicorn.run(web_app, host=host, port=port, server_header=False)
