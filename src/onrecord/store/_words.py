"""Searching for words: what someone typed, made into a full-text query of either backend.

A search is words and "quoted phrases" (straight or curly quotes), stemmed ("negotiations"
finds "negotiate"); words too common to tell statements apart ("the", "about") are left out
unless inside a phrase. A filter keeps the statements that have every term; a ranking reads
those that have any, the full-text relevance putting those with more of them first. The query
is built from the words alone, never from the text as typed, so nothing a user types is read as
query syntax: quotes, ``*``, ``NEAR``, ``:``, ``&`` or ``!`` are separators or plain characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    and_,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    true,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from onrecord.store._schema import attributions

FULL_TEXT = "statement_words"

_TERM = re.compile(r'["“”]([^"“”]*)["“”]|([^\s"“”]+)')
# What SQLite's unicode61 tokenizer takes for a word: letters and digits, nothing else.
_TOKEN = re.compile(r"[^\W_]+")

# PostgreSQL's English stop words (its ``english.stop``), left out on SQLite too so that a
# search means the same on both backends.
_STOP_WORDS = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what which
who whom this that these those am is are was were be been being have has had having do
does did doing a an the and but if or because as until while of at by for with about
against between into through during before after above below to from up down in out on
off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will
just don should now
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

full_text = table(FULL_TEXT, column("article_id"), column("attribution_id"), column("words"))


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase a statement must have: as typed, and its words for SQLite's index."""

    text: str
    tokens: tuple[str, ...]
    phrase: bool


def search_terms(words: str) -> list[str]:
    """The terms of a search: each "quoted phrase" (straight or curly quotes), and each word."""
    return [term for phrase, word in _TERM.findall(words) if (term := (phrase or word).strip())]


def query_terms(words: str) -> tuple[Term, ...]:
    """The terms of ``words`` a statement must have, each once, stop words left out."""
    found: dict[tuple[str, ...], Term] = {}
    for phrase, word in _TERM.findall(words):
        typed = (phrase or word).strip()
        tokens = tuple(token.lower() for token in _TOKEN.findall(typed))
        if not tokens or (not phrase and len(tokens) == 1 and tokens[0] in STOP_WORDS):
            continue
        found.setdefault(tokens, Term(typed, tokens, bool(phrase) or len(tokens) > 1))
    return tuple(found.values())


def sqlite_match(terms: tuple[Term, ...], *, every: bool = True) -> str:
    """An FTS5 query that every term (or any, not ``every``) must match: each is a quoted
    string of plain words."""
    joiner = " AND " if every else " OR "
    return joiner.join('"' + " ".join(term.tokens) + '"' for term in terms)


def tsquery(terms: tuple[Term, ...], *, every: bool = True) -> ColumnElement[Any]:
    """A PostgreSQL ``tsquery`` of every term (or any, not ``every``), each parsed by
    PostgreSQL as it was typed."""
    english: ColumnElement[Any] = literal_column("'english'::regconfig")
    parts: list[ColumnElement[Any]] = [
        (func.phraseto_tsquery if term.phrase else func.plainto_tsquery)(
            english, literal(term.text)
        )
        for term in terms
    ]
    query = parts[0]
    for part in parts[1:]:
        query = query.op("&&" if every else "||")(part)
    return query


def full_text_match(
    dialect: str, terms: tuple[Term, ...], *, every: bool = True
) -> ColumnElement[bool]:
    """The condition on ``full_text`` rows that they have every term (or any, not ``every``),
    in the query language of ``dialect`` ("sqlite" or "postgresql")."""
    if dialect == "sqlite":
        return literal_column(FULL_TEXT).op("MATCH")(literal(sqlite_match(terms, every=every)))
    return full_text.c.words.op("@@")(tsquery(terms, every=every))


class HasWords(ColumnElement[bool]):
    """The attribution's content has every term: a condition on ``attributions`` rows."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.terms = terms


def has_words(words: str) -> ColumnElement[bool]:
    """The statement's content has every term of ``words``; any statement if it has none."""
    terms = query_terms(words)
    return HasWords(terms) if terms else true()


@compiles(HasWords, "sqlite")
@compiles(HasWords, "postgresql")
def _has_words(element: HasWords, compiler: SQLCompiler, **kw: Any) -> str:
    matching = select(full_text.c.article_id, full_text.c.attribution_id).where(
        full_text_match(compiler.dialect.name, element.terms)
    )
    return compiler.process(_is_one_of(matching), **kw)


def _is_one_of(matching: Any) -> ColumnElement[bool]:
    return and_(tuple_(attributions.c.article_id, attributions.c.id).in_(matching))
