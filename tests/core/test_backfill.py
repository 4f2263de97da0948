"""core.backfill: a data migration's statement, a batch of ids at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies.models import Company
from core.backfill import in_batches
from tests.conftest import make_company

pytestmark = pytest.mark.django_db


def test_every_id_is_reached_a_batch_at_a_time():
    ids = [make_company(f"Batch {n}", slug=f"batch-{n}").pk for n in range(5)]
    sql = "UPDATE companies_company SET tagline = 'Filled in.' WHERE id = ANY(%s)"
    with connection.schema_editor() as editor, CaptureQueriesContext(connection) as queries:
        in_batches(editor, sql, ids, size=2)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 3  # 2 + 2 + 1
    assert set(Company.objects.filter(pk__in=ids).values_list("tagline", flat=True)) == {
        "Filled in."
    }


def test_no_ids_run_nothing():
    with connection.schema_editor() as editor, CaptureQueriesContext(connection) as queries:
        in_batches(editor, "UPDATE companies_company SET tagline = '' WHERE id = ANY(%s)", [])
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
