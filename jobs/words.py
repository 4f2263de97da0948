"""The published roles' common words in memory, for the board's text filter and site search.

Why: PostgreSQL finds the roles holding a word few roles hold through its GIN index in a few
milliseconds, but a word tens of thousands of roles hold ("team" in the text, "engineer" in a
title), or a query leaving a word out, costs a pass over every published role: 130–480 ms at
200,000 roles, whatever the plan (docs/performance.md, "The text filter and search"). So each
word at least COMMON_WORD_ROLES published roles hold is kept as a bitmap over role ids, one per
search vector; the text filter and search answer from them when every word of a query is
kept, and ask PostgreSQL otherwise. The company side of a match is PostgreSQL's either way.

They follow the board's index (jobs/board.py): read in full when it is built, the changed
roles read again when it is refreshed, kept in its snapshots. Which words are kept is decided
at the build; a word that becomes common later is PostgreSQL's until the next build.
"""

import re
from dataclasses import dataclass

import numpy as np
from django.db import connection

from core import search as engine
from jobs.models import JobStatus

# A word held by fewer published roles than this is left to PostgreSQL's GIN index, which
# finds so few in a few milliseconds (docs/performance.md).
COMMON_WORD_ROLES = 5000
# The roles' search vectors kept: their whole text's (the text filter, search), and their
# titles' (search ranks a role naming the query in its title first).
VECTORS = ("search_vector", "title_vector")
# A lexeme as PostgreSQL writes it in a tsquery: quoted, a quote in it doubled.
LEXEME = re.compile(r"'((?:[^']|'')*)'")


@dataclass(frozen=True)
class Words:
    """The common words of one search vector: bit `id` of row `lexemes[word]` of `bits` is
    set when the role with that id holds the word."""

    lexemes: dict[str, int]
    bits: np.ndarray  # uint8, one row per word, eight role ids a byte (np.packbits' order)

    @classmethod
    def read(cls, vector: str) -> "Words":
        """The words at least COMMON_WORD_ROLES published roles hold, from every role."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT lexeme, string_agg(job.id::text, ',') FROM jobs_job job, "
                f"unnest(tsvector_to_array(job.{vector})) AS lexeme "
                "WHERE job.status = %s GROUP BY lexeme HAVING count(*) >= %s ORDER BY lexeme",
                [JobStatus.PUBLISHED, COMMON_WORD_ROLES],
            )
            rows = cursor.fetchall()
            cursor.execute("SELECT coalesce(max(id), 0) FROM jobs_job")
            highest = cursor.fetchone()[0]
        bits = np.zeros((len(rows), highest // 8 + 1), dtype=np.uint8)
        for row, (_, ids) in enumerate(rows):
            held = np.zeros(bits.shape[1] * 8, dtype=bool)
            held[np.fromstring(ids, dtype=np.int64, sep=",")] = True
            bits[row] = np.packbits(held)
        bits.flags.writeable = False
        return cls({lexeme: row for row, (lexeme, _) in enumerate(rows)}, bits)

    def with_roles(self, vector: str, role_ids: list[int]) -> "Words":
        """These words with the roles of `role_ids` read again, whatever their state now (a
        deleted role holds none)."""
        if not self.lexemes or not role_ids:
            return self
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, array_to_string(tsvector_to_array({vector}), ' ') "
                "FROM jobs_job WHERE id = ANY(%s)",
                [role_ids],
            )
            rows = cursor.fetchall()
        ids = np.array(role_ids, dtype=np.int64)
        width = max(self.bits.shape[1], int(ids.max()) // 8 + 1)
        bits = np.zeros((len(self.lexemes), width), dtype=np.uint8)
        bits[:, : self.bits.shape[1]] = self.bits
        # Every changed role's bits cleared, then set again for the words it holds now.
        cleared = np.zeros(width, dtype=np.uint8)
        np.bitwise_or.at(cleared, ids >> 3, _bit(ids))
        touched = np.flatnonzero(cleared)
        bits[:, touched] &= ~cleared[touched]
        words, held = [], []
        for role_id, text in rows:
            for lexeme in text.split():
                if lexeme in self.lexemes:
                    words.append(self.lexemes[lexeme])
                    held.append(role_id)
        if held:
            at = np.array(held, dtype=np.int64)
            np.bitwise_or.at(bits, (np.array(words, dtype=np.int64), at >> 3), _bit(at))
        bits.flags.writeable = False
        return Words(self.lexemes, bits)

    def holding(self, lexeme: str, ids: np.ndarray) -> np.ndarray:
        """Whether each role of `ids` (all below the highest id read) holds the word."""
        return np.unpackbits(self.bits[self.lexemes[lexeme]])[ids].view(bool)


def _bit(ids: np.ndarray) -> np.ndarray:
    return (128 >> (ids & 7)).astype(np.uint8)


def lexemes_of(spellings: set[str]) -> dict[str, list[str] | None]:
    """Each spelling's lexemes as PostgreSQL's plainto_tsquery reads it, all of which a text
    must hold to match it; None when it reads as anything else (or as nothing: a stop word)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s, plainto_tsquery(%s, s)::text FROM unnest(%s::text[]) AS s",
            [engine.SEARCH_CONFIG, sorted(spellings)],
        )
        read = dict(cursor.fetchall())
    found: dict[str, list[str] | None] = {}
    for spelling, text in read.items():
        lexemes = [quoted.replace("''", "'") for quoted in LEXEME.findall(text)]
        written = " & ".join("'" + lexeme.replace("'", "''") + "'" for lexeme in lexemes)
        found[spelling] = lexemes if lexemes and written == text else None
    return found


def matching(words: Words, ids: np.ndarray, query: engine.Query) -> np.ndarray | None:
    """Which roles of `ids` match `query` in this vector, as PostgreSQL's `@@` with the
    query's search_query would say; None when a word of it is not kept here (or the query
    has a phrase, whose word order only PostgreSQL knows)."""
    if not query.terms or any(term.phrase for term in query.terms):
        return None
    read = lexemes_of({s for term in query.terms for s in term.spellings or term.words})
    if any(lexemes is None for lexemes in read.values()):
        return None
    if any(lexeme not in words.lexemes for lexemes in read.values() for lexeme in lexemes or ()):
        return None
    held: dict[str, np.ndarray] = {}

    def holding(lexeme: str) -> np.ndarray:
        if lexeme not in held:
            held[lexeme] = words.holding(lexeme, ids)
        return held[lexeme]

    # Combined as engine.Query.search_query combines them: left to right, "or" where a term
    # says so, else "and".
    combined, joiner = None, "and"
    for term in query.terms:
        part = np.logical_or.reduce(
            [
                np.logical_and.reduce([holding(lexeme) for lexeme in read[spelling] or ()])
                for spelling in term.spellings or term.words
            ]
        )
        if term.negated:
            part = ~part
        if combined is None:
            combined = part
        elif joiner == "or":
            combined = combined | part
        else:
            combined = combined & part
        joiner = "or" if term.either_with_next else "and"
    return combined
