"""The site's one search engine, on PostgreSQL full text: the header search and every list's
text box ask it for a query.

What people type is read like web search syntax — words in any order, "quoted phrases",
`-word` to leave a word out, `or` between alternatives — and each word that the site's text
does not contain is widened to the closest known words within one edit of it (two for words of
eight letters or more), an edit being an insertion, a deletion, a substitution or a swap of two
neighbouring letters, so "enginering drivn" finds what "engineering driven" finds. The
vocabulary is core.SearchWord with the changes not yet folded into it (core.SearchWordDelta),
both kept by database triggers.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import connection

from core import changes, pagecache

# Text-search configuration for every search vector and query on the site.
SEARCH_CONFIG = "english"
MAX_QUERY = 200
# At most this many spellings stand in for one misspelt word.
ALTERNATIVES = 3
# Nearest known words fetched per misspelt word before the closest are kept.
CANDIDATES = 12

TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
# A lexeme as PostgreSQL writes it in a tsquery: quoted, a quote in it doubled.
LEXEME = re.compile(r"'((?:[^']|'')*)'")
WORD = re.compile(r"[^\W_]+")


@dataclass
class Term:
    words: list[str]  # one word, or the words of a phrase
    negated: bool = False
    phrase: bool = False
    either_with_next: bool = False
    # For a single word: the spellings searched for (the word itself when it is known).
    spellings: list[str] = field(default_factory=list)


@dataclass
class Query:
    """A query as the engine understood it."""

    text: str
    terms: list[Term]
    corrected: dict[str, str]  # misspelt word -> the likeliest known word
    # Spellings already read as lexemes (`lexemes_of`).
    read: dict[str, list[str] | None] = field(default_factory=dict, repr=False, compare=False)

    def lexemes_of(self, spellings: set[str]) -> dict[str, list[str] | None]:
        """Each spelling's lexemes as PostgreSQL's plainto_tsquery reads it, all of which a
        text must hold to match it (none for a stop word); None when it reads as anything
        else. One query for those not read before for this query."""
        unread = sorted(spellings - self.read.keys())
        if unread:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT s, plainto_tsquery(%s, s)::text FROM unnest(%s::text[]) AS s",
                    [SEARCH_CONFIG, unread],
                )
                for spelling, text in cursor.fetchall():
                    lexemes = [quoted.replace("''", "'") for quoted in LEXEME.findall(text)]
                    written = " & ".join(
                        "'" + lexeme.replace("'", "''") + "'" for lexeme in lexemes
                    )
                    self.read[spelling] = lexemes if written == text else None
        return {spelling: self.read[spelling] for spelling in spellings}

    @property
    def lexemes(self) -> set[str] | None:
        """Every lexeme whose holders decide which texts match (those left out included),
        or None when that cannot be told by lexemes alone: a phrase (its words' order
        counts too) or a spelling read as more than lexemes to hold."""
        if any(term.phrase for term in self.terms):
            return None
        read = self.lexemes_of({s for term in self.terms for s in term.spellings or term.words})
        if any(lexemes is None for lexemes in read.values()):
            return None
        return {lexeme for lexemes in read.values() for lexeme in lexemes or ()}

    @property
    def search_query(self) -> SearchQuery | None:
        """The full-text query for QuerySet filters and ranking, or None when nothing in the
        text can be searched for."""
        combined, joiner = None, "and"
        for term in self.terms:
            part = _term_query(term)
            if part is None:
                continue
            if combined is None:
                combined = part
            elif joiner == "or":
                combined = combined | part
            else:
                combined = combined & part
            joiner = "or" if term.either_with_next else "and"
        return combined

    @property
    def suggestion(self) -> str:
        """The text with each misspelt word replaced by its likeliest spelling, or ""."""
        if not self.corrected:
            return ""
        return WORD.sub(lambda m: self.corrected.get(m.group(0).lower(), m.group(0)), self.text)

    @property
    def words(self) -> set[str]:
        """Every word searched for, misspelt ones by the spellings that stand in for them."""
        found = set()
        for term in self.terms:
            if not term.negated:
                found.update(term.spellings or term.words)
        return found


def _term_query(term: Term) -> SearchQuery | None:
    if term.phrase:
        if not term.words:
            return None
        query = SearchQuery(" ".join(term.words), search_type="phrase", config=SEARCH_CONFIG)
    else:
        query = None
        for spelling in term.spellings or term.words:
            part = SearchQuery(spelling, search_type="plain", config=SEARCH_CONFIG)
            query = part if query is None else query | part
    return ~query if term.negated and query is not None else query


def clean(raw: str, notices: list[str]) -> str:
    """The text as searched: no NUL bytes, single spaces, at most MAX_QUERY characters."""
    text = raw.replace("\x00", "")
    if text != raw:
        notices.append("Removed characters that cannot be searched for.")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY:
        notices.append(f"Searched for the first {MAX_QUERY} characters only.")
        text = text[:MAX_QUERY]
    return text


def parse(text: str) -> list[Term]:
    terms: list[Term] = []
    for match in TOKEN.finditer(text):
        if match.group(2) is not None:
            words = [w.lower() for w in WORD.findall(match.group(2))]
            if words:
                terms.append(Term(words, negated=bool(match.group(1)), phrase=True))
            continue
        negated, token = bool(match.group(3)), match.group(4)
        if token.lower() == "or" and terms and not negated:
            terms[-1].either_with_next = True
            continue
        # "engineering-driven" and "c++/rust" are several words.
        for word in WORD.findall(token):
            terms.append(Term([word.lower()], negated=negated))
    if terms:
        terms[-1].either_with_next = False
    return terms


def _allowed_edits(word: str) -> int:
    if len(word) <= 3 or word.isdigit():
        return 0
    return 1 if len(word) < 8 else 2


def edits(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbouring letters counting as one (the optimal
    string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def correct(terms: list[Term]) -> dict[str, str]:
    """Fill in each single word's spellings: itself when the site's text has it, else the
    known words fewest edits away (within its allowed edits), most common first. One query
    for all words."""
    words = sorted({t.words[0] for t in terms if not t.phrase and _allowed_edits(t.words[0])})
    if not words:
        return {}
    # The vocabulary is core.SearchWord's counts plus the changes writers recorded since the
    # worker last folded them in (core.SearchWordDelta): a word is known while the two add up
    # to more than nothing. A word the text has is its own only spelling, and nothing else is
    # looked up for it. PostgreSQL's Levenshtein distance counts a swap as two edits, so it
    # fetches a few more candidates, one edit wider, and the swap-aware count below picks the
    # closest.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH q AS (SELECT * FROM unnest(%s::text[], %s::int[]) AS q(word, edits)),
            known AS (
              SELECT q.word FROM q CROSS JOIN LATERAL (
                SELECT sum(documents) AS documents FROM (
                  SELECT documents FROM core_searchword s WHERE s.word = q.word
                  UNION ALL
                  SELECT delta FROM core_searchworddelta d WHERE d.word = q.word) AS counts
              ) AS total WHERE total.documents > 0)
            SELECT q.word, q.word, 0 FROM q WHERE q.word IN (SELECT word FROM known)
            UNION ALL
            SELECT q.word, candidate.word, candidate.distance
              FROM q CROSS JOIN LATERAL (
                SELECT v.word, min(levenshtein_less_equal(v.word, q.word, q.edits)) AS distance
                  FROM (
                    SELECT s.word, s.documents FROM core_searchword s
                     WHERE char_length(s.word) BETWEEN char_length(q.word) - q.edits
                                                   AND char_length(q.word) + q.edits
                       AND levenshtein_less_equal(s.word, q.word, q.edits) <= q.edits
                    UNION ALL
                    SELECT d.word, d.delta FROM core_searchworddelta d
                     WHERE char_length(d.word) BETWEEN char_length(q.word) - q.edits
                                                   AND char_length(q.word) + q.edits
                       AND levenshtein_less_equal(d.word, q.word, q.edits) <= q.edits
                  ) AS v
                 GROUP BY v.word
                HAVING sum(v.documents) > 0
                 ORDER BY distance, sum(v.documents) DESC, v.word
                 LIMIT %s
              ) AS candidate
             WHERE q.word NOT IN (SELECT word FROM known)
            """,
            [words, [_allowed_edits(w) + 1 for w in words], CANDIDATES],
        )
        rows = cursor.fetchall()
    # A page made from the corrections follows the words it found known, which stay their own
    # spellings while they are; an unknown word's candidates may be any word.
    known = {word for word, candidate, _ in rows if candidate == word}
    if known == set(words):
        pagecache.shows(changes.VOCABULARY, rows=[changes.word_id(word) for word in words])
    else:
        pagecache.shows(changes.VOCABULARY, whole=True)
    found: dict[str, list[tuple[int, str]]] = {}
    for word, candidate, _ in rows:  # already most common first within each distance
        distance = edits(word, candidate)
        if distance <= _allowed_edits(word):
            found.setdefault(word, []).append((distance, candidate))
    corrected = {}
    for term in terms:
        word = term.words[0]
        if term.phrase or word not in found:
            continue
        nearest = min(distance for distance, _ in found[word])
        closest = [candidate for distance, candidate in found[word] if distance == nearest]
        term.spellings = closest[:ALTERNATIVES]
        if nearest:
            corrected[word] = closest[0]
    return corrected


def shows_matches(query: Query, *tables: str) -> None:
    """Tell the page cache that the page being built shows which rows of `tables` (each
    logging its lexemes as the part "lexemes": core.changes.change_log_triggers) match
    `query`: it changes when a row gains or loses one of the query's lexemes, or, for a query
    that lexemes alone cannot tell (a phrase), at any change to the rows' words. Which of them
    are open or listed, the page says by the parts it follows besides."""
    if not pagecache.recording():
        return
    parts = [changes.part(table, "lexemes") for table in tables]
    lexemes = query.lexemes
    if lexemes is None:
        pagecache.shows(*parts, whole=True)
    else:
        pagecache.shows(*parts, rows=[changes.word_id(lexeme) for lexeme in lexemes])


def understand(text: str) -> Query:
    """Parse and correct what someone typed (already `clean`ed)."""
    terms = parse(text)
    return Query(text=text, terms=terms, corrected=correct(terms))
