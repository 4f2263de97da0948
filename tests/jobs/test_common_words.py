"""The roles' common words in memory (jobs/words.py) answer a query as PostgreSQL's `@@`
does (tests/conftest.py keeps a word in memory from its second role); that they follow every
write is tests/jobs/test_board_refresh.py's."""

import re

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import search as engine
from core.columns import ids_of
from jobs import board, words
from jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

QUERIES = [
    "python", "platform", "Engineer", "team python", "python or rust", "-python",
    "platform -kubernetes", "backend or frontend -java", "enginer", "pythn platform",
    "the", "the platform", '"tech lead"', "kubernetes or", "or", "data-engineer",
    "zzzzqqq", "senior staff principal", "-team -python", "not platform", "-the python",
    "the or python", "python or the", "the -the", "and or the", "python the or rust",
]  # fmt: skip


def postgres_rows(index, query, vector) -> np.ndarray:
    published = Job.objects.filter(status=JobStatus.PUBLISHED, **{vector: query.search_query})
    return np.isin(index.ids, ids_of(published))


def test_a_query_finds_from_memory_what_postgresql_finds(demo_content):
    index = board.build()
    held = index.words["search_vector"]
    assert len(held.lexemes) > 100  # most of the demo's words are kept
    answered = 0
    for text in QUERIES:
        query = engine.understand(engine.clean(text, []))
        if query.search_query is None:
            continue
        for vector in words.VECTORS:
            found = words.matching(index.words[vector], vector, index.ids, query)
            if found is not None:
                answered += 1
                np.testing.assert_array_equal(found, postgres_rows(index, query, vector), text)
            np.testing.assert_array_equal(
                board.text_rows(index, query, vector), postgres_rows(index, query, vector), text
            )
    assert answered >= 15  # many of them from memory


def test_memory_answers_without_reading_the_roles_and_leaves_the_rest_to_postgresql(
    demo_content,
):
    index = board.build()

    def words_read(text) -> list[str]:
        """The words PostgreSQL was asked to find roles by."""
        query = engine.understand(engine.clean(text, []))
        with CaptureQueriesContext(connection) as queries:
            board.text_rows(index, query)
        return [
            word
            for q in queries.captured_queries
            if '"jobs_job"."search_vector" @@' in q["sql"]
            for word in re.findall(
                r"(?:plain|phrase)to_tsquery\('english'::regconfig, '([\w ]+)'\)", q["sql"]
            )
        ]

    assert words_read("python -team") == []
    assert words_read("the platform") == []  # a stop word drops out, as in PostgreSQL
    assert words_read("python zzzzqqq") == ["zzzzqqq"]  # no role holds it
    assert words_read('"tech lead" python') == ["tech lead", "python"]  # a phrase: only
    # PostgreSQL knows the order of words
