"""The corpus store: analyzed articles kept in SQLite or PostgreSQL, one transaction each."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import Any

import numpy as np
from sqlalchemy import URL, Connection, Engine, Table, func, insert, select, update
from sqlalchemy import table as table_named

from onrecord._ids import article_id as article_id  # re-exported by onrecord.store
from onrecord.embed import VECTOR_WIDTH
from onrecord.errors import StoreError
from onrecord.results import AnalyzedArticle, Kind, Span, SpeakerKind
from onrecord.store import _articles as article_reads
from onrecord.store import _ingest_errors as error_reads
from onrecord.store import _lines as line_store
from onrecord.store import _sourcing as sourcing_reads
from onrecord.store import _speakers as speaker_reads
from onrecord.store import _statements as statement_reads
from onrecord.store._articles import ArticleRow, StoredArticle
from onrecord.store._database import database_url, make_engine, reported, writing
from onrecord.store._identities import (
    IdentityAssigner,
    MatchingAssigner,
    regroup,
    sighting_row,
)
from onrecord.store._ingest_errors import ErrorRow
from onrecord.store._lines import SavedLine
from onrecord.store._migrations import lock_for_writing, migrate, require_latest
from onrecord.store._reading import Page, is_attribution
from onrecord.store._schema import (
    anonymous_profiles,
    article_speakers,
    articles,
    attributions,
    errors,
    mentions,
    metadata,
    schema_version,
    sightings,
    spans,
    statement_vectors,
    titles,
)
from onrecord.store._search import SearchHit, SearchMode, VectorScan
from onrecord.store._search import search as search_statements
from onrecord.store._search import similar as similar_statements
from onrecord.store._search_index import (
    FULL_TEXT,
    checked_vectors,
    has_pgvector,
    index_words,
    stored_attribution_ids,
    write_vectors,
)
from onrecord.store._sourcing import MonthlySourcingRow, SourcingRow
from onrecord.store._speakers import SpeakerProfile, SpeakerRow, TopSpeakerRow
from onrecord.store._statements import GAP, StatementFilter, StatementRow


class Store:
    """Analyzed articles, their statements and speakers, in SQLite or PostgreSQL.

    Open one with ``Store.open``; it is safe to share between threads, and several processes
    may write to the same database: writers take turns, one article at a time.
    """

    def __init__(self, engine: Engine) -> None:
        """Wrap an engine whose database is migrated already; ``Store.open`` does both."""
        self.engine = engine
        self._identities = MatchingAssigner()
        self._vector_scan = VectorScan()
        self._pgvector: bool | None = None
        self._pgvector_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        url: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        create: bool = True,
    ) -> Store:
        """Open the store at ``url``, creating or upgrading its schema as needed.

        ``url`` is a SQLAlchemy URL (``sqlite:///path.db``, ``postgresql://user@host/db``) or
        the path of a SQLite file; None is ``onrecord.db`` in the working directory. SQLite runs
        in WAL mode with foreign keys on and waits up to 30 s for another writer.

        Without ``create`` the store must exist already at this onrecord's schema version: it
        is neither created nor upgraded, and a ``StoreError`` says why it cannot be opened.
        ``read_only`` implies that, and makes the database itself refuse every write (SQLite
        opens the file read-only, PostgreSQL runs read-only transactions).
        """
        location = database_url(url)
        create = create and not read_only
        engine = make_engine(location, read_only=read_only, must_exist=not create)
        try:
            with reported(f"cannot open the store at {_shown(location)}"):
                if create:
                    migrate(engine)
                else:
                    require_latest(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def url(self) -> str:
        """Where the store is, password hidden: for messages."""
        return _shown(self.engine.url)

    def close(self) -> None:
        """Close every connection of the store."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this ``article_id()`` is stored."""
        with reported("cannot read the store"), self.engine.connect() as connection:
            return _has_article(connection, article_id)

    def save(
        self,
        analyzed: AnalyzedArticle,
        identities: IdentityAssigner | None = None,
        *,
        vectors: Mapping[str, np.ndarray] | None = None,
    ) -> bool:
        """Store an analyzed article with everything found in it; False if it was there already.

        The article and all its rows are written in one transaction: a process killed midway
        leaves the article wholly stored or not at all, so re-running an ingest neither loses
        nor duplicates anything. Its speakers get corpus identities from ``identities``
        (by default the store's own ``MatchingAssigner``, which remembers the identities of
        this store's saves; another process writing to the same store meanwhile is not seen).
        ``vectors`` are statement vectors by attribution id (``onrecord.embed``), stored and
        indexed in the same transaction; an article stored already keeps the ones it has
        (``put_vectors`` replaces them). Its statements' content is indexed for ``search``.
        """
        article = analyzed.article
        key = article_id(article.text)
        if analyzed.error is not None:
            raise StoreError(
                f"article {article.path or key} was not analyzed ({analyzed.error}): "
                "record_error() it instead"
            )
        checked = checked_vectors(vectors or {})
        unknown = set(checked) - {attribution.id for attribution in analyzed.attributions}
        if unknown:
            raise ValueError(
                f"vectors of attributions the article does not have: {', '.join(sorted(unknown))}"
            )
        with (
            reported(f"cannot save article {article.path or key}"),
            writing(self.engine) as connection,
        ):
            lock_for_writing(connection)
            if _has_article(connection, key):
                return False
            try:
                _insert_article(connection, key, analyzed, identities or self._identities)
                write_vectors(connection, key, checked, pgvector=self._uses_pgvector(connection))
            except BaseException:
                # What the assigner learnt from this article was rolled back with it.
                self._identities = MatchingAssigner()
                raise
        return True

    def put_vectors(self, article_id: str, vectors: Mapping[str, np.ndarray]) -> int:
        """Store the vectors of a stored article's statements, by attribution id: a backfill.

        A statement's vector put again replaces the one it had; all are written in one
        transaction. Returns how many were written. A ``StoreError`` says if the article or
        one of the statements is not stored.
        """
        checked = checked_vectors(vectors)
        with (
            reported(f"cannot store the vectors of article {article_id}"),
            writing(self.engine) as connection,
        ):
            lock_for_writing(connection)
            stored = stored_attribution_ids(connection, article_id)
            if not stored and not _has_article(connection, article_id):
                raise StoreError(f"there is no article {article_id} in the store")
            unknown = set(checked) - stored
            if unknown:
                raise StoreError(
                    f"article {article_id} has no statement {', '.join(sorted(unknown))}"
                )
            return write_vectors(
                connection, article_id, checked, pgvector=self._uses_pgvector(connection)
            )

    def articles_without_vectors(self, limit: int | None = None) -> list[str]:
        """Ids of stored articles with a statement that has no vector, in id order."""
        _check_limit(limit)
        query = (
            select(attributions.c.article_id)
            .outerjoin(statement_vectors, is_attribution(statement_vectors))
            .where(statement_vectors.c.id.is_(None))
            .group_by(attributions.c.article_id)
            .order_by(attributions.c.article_id)
        )
        if limit is not None:
            query = query.limit(limit)
        with reported("cannot read the store"), self.engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def statement_vectors(
        self, filters: StatementFilter | None = None
    ) -> tuple[list[StatementRow], np.ndarray]:
        """The statements ``filters`` selects that have a vector, and their vectors.

        In article id order, and in text order within an article; the vectors are a float32
        array of one row per statement (empty, with the vectors' width, when there is none).
        """
        with reported("cannot read statement vectors"), self.engine.connect() as connection:
            found = statement_reads.statements_with_vectors(
                connection, filters or StatementFilter()
            )
        if not found:
            return [], np.empty((0, VECTOR_WIDTH), dtype=np.float32)
        rows = [row for row, _ in found]
        return rows, np.stack([np.frombuffer(vector, dtype="<f4") for _, vector in found])

    def search(
        self,
        query: str,
        *,
        vector: np.ndarray | None = None,
        mode: SearchMode = "both",
        filters: StatementFilter | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[SearchHit]:
        """The statements that best match ``query``, best first, from ``offset`` on.

        ``mode`` "words" ranks the statements whose content has every word and "quoted
        phrase" of ``query`` (stemmed, common words left out) by full-text relevance;
        "meaning" ranks statements by the cosine similarity of their vectors to ``vector``,
        the query's (``onrecord.embed.embed_query(query)``: the store never loads the
        encoder); "both" fuses the two rankings by reciprocal-rank fusion. Statements without a
        vector are found by their words only. ``filters`` apply inside both rankings. Nothing
        typed in ``query`` is read as query syntax. A search ranks at most the best 1,000
        statements: an ``offset`` past them gives none.
        """
        _check_limit(limit, offset)
        with reported("cannot search the statements"):
            pgvector = self._uses_pgvector()
            return search_statements(
                self.engine,
                query,
                vector=vector,
                mode=mode,
                filters=filters or StatementFilter(),
                limit=limit,
                offset=offset,
                scan=self._vector_scan,
                pgvector=pgvector,
            )

    def similar(
        self,
        article_id: str,
        attribution_id: str,
        *,
        filters: StatementFilter | None = None,
        limit: int = 10,
    ) -> list[SearchHit]:
        """The statements nearest in meaning to a stored one ("more like this"), best first.

        A ``StoreError`` says if the statement is not stored or has no vector yet.
        """
        _check_limit(limit)
        with reported("cannot search the statements"), self.engine.connect() as connection:
            return similar_statements(
                connection,
                (article_id, attribution_id),
                filters=filters or StatementFilter(),
                limit=limit,
                scan=self._vector_scan,
                pgvector=self._uses_pgvector(connection),
            )

    def _uses_pgvector(self, connection: Connection | None = None) -> bool:
        """Whether the store's vectors are in a pgvector column too (read once)."""
        with self._pgvector_lock:
            if self._pgvector is None:
                if connection is None:
                    with self.engine.connect() as connection:
                        self._pgvector = has_pgvector(connection)
                else:
                    self._pgvector = has_pgvector(connection)
            return self._pgvector

    def record_error(self, source: str, reason: str) -> None:
        """Record why ``source`` (a path, "file.jsonl:12") could not be ingested.

        Only the latest reason of a source is kept. Saving the same source later does not
        remove it: the record says the source failed once, and why.
        """
        with reported(f"cannot record the error of {source}"), writing(self.engine) as connection:
            lock_for_writing(connection)
            values = {"reason": reason, "at": dt.datetime.now(dt.UTC)}
            changed = connection.execute(
                update(errors).where(errors.c.source == source).values(values)
            )
            if changed.rowcount == 0:
                connection.execute(insert(errors).values(source=source, **values))

    def counts(self) -> dict[str, int]:
        """The number of rows of each table, and of statements in the full-text index."""
        with reported("cannot read the store"), self.engine.connect() as connection:
            counts = {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in metadata.sorted_tables
                if table is not schema_version
            }
            counts[FULL_TEXT] = connection.execute(
                select(func.count()).select_from(table_named(FULL_TEXT))
            ).scalar_one()
            return counts

    def speakers(
        self,
        *,
        kind: SpeakerKind | None = None,
        known_as: str | None = None,
        limit: int | None = None,
    ) -> list[SpeakerRow]:
        """Corpus speakers with their number of statements, titles and outlets.

        The speakers of the most statements come first. Each title comes with the publication
        dates of the first and last articles that gave it. ``known_as`` keeps the speakers a
        statement filter by that name finds (see ``StatementFilter.speaker``).
        """
        _check_limit(limit)
        with reported("cannot read speakers"), self.engine.connect() as connection:
            return speaker_reads.speaker_rows(connection, kind=kind, known_as=known_as, limit=limit)

    def statements(
        self,
        *,
        speaker: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        contains: str | None = None,
        outlet: str | None = None,
        kind: Kind | None = None,
        limit: int | None = None,
    ) -> list[StatementRow]:
        """Statements in date order (on the same day, the earlier published first), undated last.

        ``speaker`` is a name the speaker is known by, ignoring case: the canonical name, any
        mention, or for a named speaker any run of whole words of them ("Milley" and "mark
        milley" find Mark Milley). ``since`` and ``until`` keep the statements whose days
        overlap the range, both ends included: a statement's days are its date when the article
        gives one ("last week"), else the article's publication day; a statement with neither is
        left out.
        ``contains`` is text that one part of the content contains, ignoring case; ``%`` and
        ``_`` are plain characters. ``outlet`` is an outlet's name as stored, ``kind`` the
        statement's kind.
        """
        _check_limit(limit)
        filters = StatementFilter(
            speaker=speaker,
            since=since,
            until=until,
            contains=contains,
            outlet=outlet,
            kind=kind,
        )
        with reported("cannot read statements"), self.engine.connect() as connection:
            return statement_reads.statement_rows(connection, filters, limit=limit)

    def statement_page(
        self, filters: StatementFilter, *, limit: int, offset: int = 0
    ) -> Page[StatementRow]:
        """The statements ``filters`` selects, ``limit`` from ``offset`` on in date order."""
        _check_limit(limit, offset)
        with reported("cannot read statements"), self.engine.connect() as connection:
            rows = statement_reads.statement_rows(connection, filters, limit=limit, offset=offset)
            total = statement_reads.count_statements(connection, filters)
        return Page(tuple(rows), total, offset, limit)

    def speaker_page(
        self,
        *,
        kind: SpeakerKind | None = None,
        name: str | None = None,
        limit: int,
        offset: int = 0,
    ) -> Page[SpeakerRow]:
        """Speakers as ``speakers()`` lists them; ``name`` is text their name contains."""
        _check_limit(limit, offset)
        with reported("cannot read speakers"), self.engine.connect() as connection:
            rows = speaker_reads.speaker_rows(
                connection, kind=kind, name=name, limit=limit, offset=offset
            )
            total = speaker_reads.count_speakers(connection, kind=kind, name=name)
        return Page(tuple(rows), total, offset, limit)

    def speaker(self, speaker_id: int) -> SpeakerProfile | None:
        """A corpus speaker with the months, outlets and company of its statements, or None."""
        with reported("cannot read the speaker"), self.engine.connect() as connection:
            return speaker_reads.speaker_profile(connection, speaker_id)

    def article_page(
        self, *, outlet: str | None = None, limit: int, offset: int = 0
    ) -> Page[ArticleRow]:
        """Articles, the latest published first, with their statement counts."""
        _check_limit(limit, offset)
        with reported("cannot read articles"), self.engine.connect() as connection:
            rows = article_reads.article_rows(connection, outlet=outlet, limit=limit, offset=offset)
            total = article_reads.count_articles(connection, outlet=outlet)
        return Page(tuple(rows), total, offset, limit)

    def outlets(self) -> list[str | None]:
        """The outlets of the stored articles, by name; None last, for articles without one."""
        with reported("cannot read outlets"), self.engine.connect() as connection:
            return article_reads.outlet_names(connection)

    def article(self, article_id: str) -> StoredArticle | None:
        """The article of this ``article_id()`` as analyzed, with its speakers' identities."""
        with reported("cannot read the article"), self.engine.connect() as connection:
            return article_reads.stored_article(connection, article_id)

    def monthly_sourcing(
        self,
        *,
        outlet: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[MonthlySourcingRow]:
        """Per month and outlet: articles, attributions and the anonymous share.

        Of the articles published from ``since`` to ``until``, both included, and of ``outlet``
        when given; undated articles are left out.
        """
        with reported("cannot read sourcing"), self.engine.connect() as connection:
            return sourcing_reads.monthly_sourcing_rows(
                connection, outlet=outlet, since=since, until=until
            )

    def top_speakers(
        self,
        *,
        outlet: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 10,
    ) -> list[TopSpeakerRow]:
        """The most quoted speakers of the articles ``monthly_sourcing`` would count."""
        _check_limit(limit)
        with reported("cannot read speakers"), self.engine.connect() as connection:
            return speaker_reads.top_speaker_rows(
                connection, outlet=outlet, since=since, until=until, limit=limit
            )

    def sourcing(
        self,
        *,
        outlet: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[SourcingRow]:
        """Per outlet: articles, attributions, anonymous share, mean distinct sources.

        Of the articles of ``outlet`` published from ``since`` to ``until``, where given.
        """
        with reported("cannot read sourcing"), self.engine.connect() as connection:
            return sourcing_reads.sourcing_rows(connection, outlet=outlet, since=since, until=until)

    def export_rows(self, filters: StatementFilter | None = None) -> Iterator[dict[str, Any]]:
        """Every attribution as one flat row, article by article, for CSV, JSONL or Parquet.

        Each row is the JSON shape of an ``ExportRow``, whose docstring lists its fields: article
        metadata (``article_id``, ``path``, ``url``, ``outlet``, ``title``, ``author``,
        ``published``), ``attribution_id``, ``kind``, ``nested_in``, the speaker (``speaker``,
        its id in the article as in the JSON output; ``speaker_id``, the corpus speaker;
        ``speaker_name``; ``speaker_kind``), ``quoting`` and ``quoting_name`` (the id and name
        of the speaker whose words are relayed), ``date_start`` and ``date_end``; and for each
        of ``content``, ``cue``, ``source``, ``addressee``, ``venue`` and ``date_expression``
        its text (parts joined by " … ") and ``NAME_offsets``, ``[[start, end], ...]``. A
        statement of an unnamed source has its profile: ``anonymous_count``,
        ``anonymous_informed`` (an official or someone in the know, not a member of the public
        quoted by description) and, as spans,
        ``anonymous_descriptor``, ``anonymous_affiliation`` and ``anonymous_reason``; then
        ``confidence`` and the article's ``published_from``. Only the statements ``filters``
        selects, when given.
        """
        with reported("cannot export"), self.engine.connect() as connection:
            yield from statement_reads.export_rows(connection, filters)

    def save_line(
        self, name: str, position: str, filters: StatementFilter | None = None
    ) -> SavedLine:
        """Save a line under ``name`` to run it again as the corpus grows
        (``onrecord.stance.run_line``); a line saved under that name before gets this position
        and these filters instead. Spaces around the name and the position are left out; a
        ``LineError`` says if either is empty.
        """
        with reported(f"cannot save the line {name!r}"), writing(self.engine) as connection:
            lock_for_writing(connection)
            return line_store.save_line(connection, name, position, filters or StatementFilter())

    def saved_lines(self) -> list[SavedLine]:
        """The saved lines, by name (ignoring case)."""
        with reported("cannot read the saved lines"), self.engine.connect() as connection:
            return line_store.all_saved_lines(connection)

    def saved_line(self, name: str) -> SavedLine | None:
        """The line saved under ``name`` (spaces around it left out), or None."""
        with reported("cannot read the saved lines"), self.engine.connect() as connection:
            return line_store.saved_line(connection, name)

    def delete_line(self, name: str) -> bool:
        """Delete the line saved under ``name``; False if there was none."""
        with reported(f"cannot delete the line {name!r}"), writing(self.engine) as connection:
            lock_for_writing(connection)
            return line_store.delete_line(connection, name)

    def errors(self) -> list[ErrorRow]:
        """The recorded ingest errors, oldest first."""
        with reported("cannot read errors"), self.engine.connect() as connection:
            return error_reads.error_rows(connection)


def _has_article(connection: Connection, key: str) -> bool:
    return connection.execute(select(articles.c.id).where(articles.c.id == key)).first() is not None


def _insert_article(
    connection: Connection, key: str, analyzed: AnalyzedArticle, assigner: IdentityAssigner
) -> None:
    article = analyzed.article
    connection.execute(
        insert(articles).values(
            id=key,
            url=article.url,
            outlet=article.outlet,
            title=article.title,
            author=article.author,
            published=article.published,
            published_from=article.published_from,
            text=article.text,
            path=article.path,
            ingested_at=dt.datetime.now(dt.UTC),
        )
    )
    speaker_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    title_rows: dict[tuple[int, str], dict[str, Any]] = {}
    profile_rows: list[dict[str, Any]] = []
    sighting_rows: list[dict[str, Any]] = []
    for speaker in analyzed.speakers:
        identity = assigner.assign(connection, speaker, analyzed)
        if (sighting := sighting_row(key, speaker, analyzed)) is not None:
            sighting_rows.append(sighting)
        local = {"article_id": key, "speaker": speaker.id}
        speaker_rows.append(
            {
                "article_id": key,
                "id": speaker.id,
                "speaker_id": identity,
                "name": speaker.name,
                **_span_values("affiliation", speaker.affiliation),
            }
        )
        mention_rows.extend(
            {**local, "seq": seq, **_span_values("", mention)}
            for seq, mention in enumerate(speaker.mentions)
        )
        for title in speaker.titles:
            # Kept once per identity and article, where the title first occurs.
            title_rows.setdefault(
                (identity, title.text),
                {
                    "speaker_id": identity,
                    "article_id": key,
                    "seen": article.published,
                    **_span_values("", title),
                },
            )
        if (profile := speaker.anonymous) is not None:
            profile_rows.append(
                {
                    **local,
                    "count": profile.count,
                    "plural": profile.plural,
                    **_span_values("descriptor", profile.descriptor),
                    **_span_values("affiliation", profile.affiliation),
                    **_span_values("reason", profile.reason),
                    "informed": profile.informed,
                }
            )
    _insert_all(connection, article_speakers, speaker_rows)
    _insert_all(connection, mentions, mention_rows)
    _insert_all(connection, titles, list(title_rows.values()))
    _insert_all(connection, anonymous_profiles, profile_rows)
    _insert_all(connection, sightings, sighting_rows)
    if isinstance(assigner, MatchingAssigner):
        regroup(connection, key)

    attribution_rows: list[dict[str, Any]] = []
    span_rows: list[dict[str, Any]] = []
    for position, attribution in enumerate(analyzed.attributions):
        date = attribution.date
        attribution_rows.append(
            {
                "article_id": key,
                "id": attribution.id,
                "position": position,
                "kind": attribution.kind.value,
                "nested_in": attribution.nested_in,
                "speaker": attribution.speaker,
                "quoting": attribution.quoting,
                "confidence": attribution.confidence,
                **_span_values("addressee", attribution.addressee),
                **_span_values("venue", attribution.venue),
                "date_start": None if date is None else date.start,
                "date_end": None if date is None else date.end,
                **_span_values("date_expression", None if date is None else date.span),
            }
        )
        source = () if attribution.source is None else (attribution.source,)
        roles = (("content", attribution.content), ("cue", attribution.cue), ("source", source))
        for role, parts in roles:
            span_rows.extend(
                {
                    "article_id": key,
                    "attribution_id": attribution.id,
                    "role": role,
                    "seq": seq,
                    **_span_values("", span),
                }
                for seq, span in enumerate(parts)
            )
    _insert_all(connection, attributions, attribution_rows)
    _insert_all(connection, spans, span_rows)
    index_words(
        connection,
        [
            (key, attribution.id, GAP.join(span.text for span in attribution.content))
            for attribution in analyzed.attributions
        ],
    )


def _span_values(prefix: str, span: Span | None) -> dict[str, Any]:
    """The columns of ``span``: ``start``, ``end``, ``text``, or ``PREFIX_start`` and so on."""
    names = [f"{prefix}_{part}" if prefix else part for part in ("start", "end", "text")]
    values = (None, None, None) if span is None else (span.start, span.end, span.text)
    return dict(zip(names, values, strict=True))


def _insert_all(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(table), rows)


def _check_limit(limit: int | None, offset: int = 0) -> None:
    # SQLite reads a negative LIMIT as none, PostgreSQL refuses it: refuse it on both.
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    if offset < 0:
        raise ValueError(f"offset must be 0 or more, not {offset}")


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)
