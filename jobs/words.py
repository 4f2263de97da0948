"""The published roles' common words in memory, for the board's text filter and site search.

Why: PostgreSQL finds the roles holding a word few roles hold through its GIN index in a few
milliseconds, but a word tens of thousands of roles hold ("team" in the text, "engineer" in a
title), or a query leaving a word out, costs a pass over every published role: 130–480 ms at
200,000 roles, whatever the plan (docs/performance.md, "The text filter and search"). So each
word at least COMMON_WORD_ROLES published roles hold is kept as a bitmap over role ids, one per
search vector; the text filter and search answer each kept word from them and ask
PostgreSQL's GIN index for the others. The company side of a match is PostgreSQL's.

They follow the board's index (jobs/board.py): read in full when it is built, the changed
roles read again when it is refreshed, kept in its snapshots. Which words are kept is decided
at the build; a word that becomes common later is PostgreSQL's until the next build.
"""

from dataclasses import dataclass

import numpy as np
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from core import search as engine
from core.columns import ids_of
from jobs.models import WORDS, Job, JobStatus

# A word held by fewer published roles than this is left to PostgreSQL's GIN index, which
# finds so few in a few milliseconds (docs/performance.md).
COMMON_WORD_ROLES = 1000
# The roles' search vectors kept: their whole text's (the text filter, search), and their
# titles' (search ranks a role naming the query in its title first).
VECTORS = WORDS


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


def matching(words: Words, vector: str, ids: np.ndarray, query: engine.Query) -> np.ndarray | None:
    """Which roles of `ids` match `query` in `vector`, as PostgreSQL's `@@` with the query's
    search_query says: each spelling whose every word is kept here from memory, any other
    from PostgreSQL's GIN index (which finds a word few roles hold quickly). None when the
    query has a phrase, whose word order only PostgreSQL knows."""
    if not query.terms or any(term.phrase for term in query.terms):
        return None
    read = query.lexemes_of({s for term in query.terms for s in term.spellings or term.words})
    if any(lexemes is None for lexemes in read.values()):
        return None
    held: dict[str, np.ndarray] = {}

    def holding(spelling: str, lexemes: list[str]) -> np.ndarray:
        if spelling not in held:
            if all(lexeme in words.lexemes for lexeme in lexemes):
                held[spelling] = np.logical_and.reduce(
                    [words.holding(lexeme, ids) for lexeme in lexemes]
                )
            else:
                found = SearchQuery(spelling, search_type="plain", config=engine.SEARCH_CONFIG)
                roles = Job.objects.filter(status=JobStatus.PUBLISHED, **{vector: found})
                held[spelling] = np.isin(ids, ids_of(roles))
        return held[spelling]

    # Combined as engine.Query.search_query combines them: left to right, "or" where a term
    # says so, else "and". As in PostgreSQL, a part with no words (stop words) drops out of
    # an "and", an "or" and a "not", and a query left with none matches nothing.
    combined, joiner = None, "and"
    for term in query.terms:
        spellings = [(s, lexemes) for s in term.spellings or term.words if (lexemes := read[s])]
        if not spellings:
            part = None
        else:
            part = np.logical_or.reduce([holding(s, lexemes) for s, lexemes in spellings])
            if term.negated:
                part = ~part
        if combined is None:
            combined = part
        elif part is not None:
            combined = combined | part if joiner == "or" else combined & part
        joiner = "or" if term.either_with_next else "and"
    return combined if combined is not None else np.zeros(len(ids), dtype=bool)
