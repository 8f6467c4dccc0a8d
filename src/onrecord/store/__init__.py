"""The corpus store: analyzed articles, statements and speaker identities in a database.

SQLite (a file, ``onrecord.db`` by default) or PostgreSQL, through the same SQLAlchemy Core
code. Needs the ``corpus`` extra: ``pip install 'onrecord[corpus]'``.

    with Store.open("corpus.db") as store:
        store.save(onrecord.analyze(text, published="2022-11-15"))
        store.statements(speaker="Milley", since=dt.date(2022, 11, 1))
"""

from onrecord.errors import CORPUS_EXTRA_HINT, MissingExtraError, StoreError

try:
    import sqlalchemy  # noqa: F401
except ModuleNotFoundError as error:
    raise MissingExtraError(
        f"the corpus store needs SQLAlchemy, which is not installed: {CORPUS_EXTRA_HINT}"
    ) from error

from onrecord.store._articles import ArticleRow, StoredArticle
from onrecord.store._core import Store, article_id
from onrecord.store._identities import (
    IdentityAssigner,
    MatchingAssigner,
    create_identity,
    name_parts,
)
from onrecord.store._ingest_errors import ErrorRow
from onrecord.store._lines import SavedLine
from onrecord.store._reading import Page
from onrecord.store._search import SEARCH_MODES, SearchHit, SearchMode
from onrecord.store._sourcing import MonthlySourcingRow, SourcingRow
from onrecord.store._speakers import (
    Company,
    MonthCount,
    OutletCount,
    SpeakerProfile,
    SpeakerRow,
    TitleRow,
    TopSpeakerRow,
)
from onrecord.store._statements import ExportRow, StatementFilter, StatementRow

__all__ = [
    "SEARCH_MODES",
    "ArticleRow",
    "Company",
    "ErrorRow",
    "ExportRow",
    "IdentityAssigner",
    "MatchingAssigner",
    "MonthCount",
    "MonthlySourcingRow",
    "OutletCount",
    "Page",
    "SavedLine",
    "SearchHit",
    "SearchMode",
    "SourcingRow",
    "SpeakerProfile",
    "SpeakerRow",
    "StatementFilter",
    "StatementRow",
    "Store",
    "StoreError",
    "StoredArticle",
    "TitleRow",
    "TopSpeakerRow",
    "article_id",
    "create_identity",
    "name_parts",
]
