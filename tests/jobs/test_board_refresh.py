"""The board's in-memory index (jobs.board) follows writes by reading only what changed, and
the index it ends with is the one a build from scratch gives."""

from datetime import timedelta

import numpy as np
import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.models import Company, CompanyTag, CultureTag
from core import changes
from core.models import Change
from jobs import board, words
from jobs.models import Job
from tests.conftest import give_reviews, html, make_company, make_job, make_rate, make_tag

# Each write commits on its own, as on the site: within one test transaction every refresh
# would read all the test's entries again (its own writes are always read), hiding a refresh
# that misses a change.
pytestmark = pytest.mark.django_db(transaction=True)


def titles(response) -> list[str]:
    return [a.get_text() for a in html(response).select(".job-row .card__title a")]


def heading(response) -> str:
    return html(response).find(id="results-heading").get_text()


def assert_same_index(refreshed, built):
    """Every column of the two indexes is equal, company by company and role by role (the
    numbering of companies and of distinct country sets follows the order rows were read in,
    so each row is compared by what it refers to)."""
    for name in ("ids", "published", "expires"):
        np.testing.assert_array_equal(getattr(refreshed, name), getattr(built, name), name)
    np.testing.assert_array_equal(refreshed.salary, built.salary, "salary")  # NaN == NaN here
    for name in built.codes:
        np.testing.assert_array_equal(refreshed.codes[name], built.codes[name], name)
    assert refreshed.currency.of_rows() == built.currency.of_rows()
    assert refreshed.countries.of_rows() == built.countries.of_rows()
    np.testing.assert_array_equal(
        refreshed.companies.ids[refreshed.company], built.companies.ids[built.company]
    )
    assert refreshed.rates == built.rates

    def companies(index):
        c = index.companies
        return {
            company_id: (
                c.slugs[i],
                c.stage[i],
                c.size[i],
                None if np.isnan(c.rating[i]) else c.rating[i],
                c.tags[i],
            )
            for i, company_id in enumerate(c.ids.tolist())
            if c.listed[i]
        }

    assert companies(refreshed) == companies(built)
    np.testing.assert_array_equal(refreshed.salary_order, built.salary_order)
    # The words kept in memory are those common at the build; compared where both keep them.
    for vector in words.VECTORS:
        mine, fresh = refreshed.words[vector], built.words[vector]
        for lexeme in set(mine.lexemes) & set(fresh.lexemes):
            np.testing.assert_array_equal(
                mine.holding(lexeme, refreshed.ids), fresh.holding(lexeme, built.ids), lexeme
            )


def board_after(client, url="/jobs/", *, full: bool | None = False):
    """The board page, checking how the index followed the writes before it: from the change
    log alone, or (`full`) by a build from scratch, or (None) either; then that it equals a
    build from scratch."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    if full is not None:
        assert ("job.status = 'published' AND (true)" in sql) == full
    index = board.current_index()
    assert_same_index(index, board.build())
    return response


def test_every_kind_of_write_is_followed_from_the_change_log(client):
    make_rate("EUR", "0.8")
    learning, driven = make_tag("learning"), make_tag("engineering-driven")
    acme = make_company("Acme", tags=[learning], stage="public")
    other = make_company("Other", tags=[driven])
    first = make_job(acme, title="First", days_old=3, salary_max=150_000)
    second = make_job(acme, title="Second", days_old=2, salary_max=None, salary_min=None)
    third = make_job(other, title="Third", days_old=1, salary_max=150_000)
    draft = make_job(other, title="Draft", status="draft")
    client.get("/jobs/")

    # A role edited: its level, then its salary, then only its text (nothing to read).
    Job.objects.filter(pk=first.pk).update(level="l6")
    assert titles(board_after(client, "/jobs/?level=l6")) == ["First"]
    Job.objects.filter(pk=second.pk).update(salary_min=100_000, salary_max=200_000)
    assert titles(board_after(client, "/jobs/?sort=salary")) == ["Second", "Third", "First"]
    logged = Change.objects.filter(table="jobs_job", ids__contains=[third.pk])
    before = logged.count()
    Job.objects.filter(pk=third.pk).update(title="Third, renamed")
    assert logged.count() == before + 1
    assert titles(board_after(client)) == ["Third, renamed", "Second", "First"]

    # Published, unpublished, closed, deleted, a new role, an older one moved to the top.
    now = timezone.now()
    Job.objects.filter(pk=draft.pk).update(
        status="published", published_at=now, expires_at=now + timedelta(days=30)
    )
    assert titles(board_after(client))[0] == "Draft"
    Job.objects.filter(pk=draft.pk).update(status="draft")
    assert "Draft" not in titles(board_after(client))
    Job.objects.filter(pk=second.pk).update(status="closed")
    assert heading(board_after(client)) == "2 roles"
    Job.objects.filter(pk=third.pk).delete()
    assert titles(board_after(client)) == ["First"]
    make_job(other, title="New", days_old=0, country="FR")
    assert titles(board_after(client, "/jobs/?country=FR")) == ["New"]
    Job.objects.filter(pk=first.pk).update(published_at=timezone.now())
    assert titles(board_after(client)) == ["First", "New"]
    # A role reaching its expiry, then one whose expiry passed at a write.
    Job.objects.filter(pk=first.pk).update(expires_at=F("published_at") + timedelta(milliseconds=1))
    assert titles(board_after(client)) == ["New"]

    # A company unlisted, then listed again.
    Company.objects.filter(pk=other.pk).update(is_listed=False)
    assert heading(board_after(client)) == "0 roles"
    Company.objects.filter(pk=other.pk).update(is_listed=True)
    assert titles(board_after(client)) == ["New"]

    # A company's tags, stage, slug and shown rating change its roles' facets.
    CompanyTag.objects.create(company=other, tag=learning, evidence_note="Seen it.")
    assert titles(board_after(client, "/jobs/?tag=learning&tag=engineering-driven")) == ["New"]
    Company.objects.filter(pk=other.pk).update(stage="public", slug="other-renamed")
    assert titles(board_after(client, "/jobs/?stage=public&company=other-renamed")) == ["New"]
    give_reviews(other, 3, career=5)
    assert titles(board_after(client, "/jobs/?rating=4.5")) == ["New"]
    # A tag no listed company carries any more leaves the index.
    CompanyTag.objects.filter(tag=driven).delete()
    assert titles(board_after(client, "/jobs/?tag=engineering-driven")) == []

    # An exchange rate moves every role paid in that currency.
    Job.objects.filter(pk=first.pk).update(
        salary_currency="EUR", expires_at=now + timedelta(days=5)
    )
    make_rate("EUR", "0.5")
    assert titles(board_after(client, "/jobs/?min_salary=200000")) == ["First"]

    # A new listed company with a role; a company's roles deleted, then the company.
    make_job(make_company("Newcomer", tags=[make_tag("new-tag")]), title="Newcomer role")
    assert titles(board_after(client, "/jobs/?tag=new-tag")) == ["Newcomer role"]
    Job.objects.filter(company=acme).delete()
    Company.objects.filter(pk=acme.pk).delete()
    assert sorted(titles(board_after(client))) == ["New", "Newcomer role"]

    # Nothing changed: one query, reading what changed.
    with CaptureQueriesContext(connection) as queries:
        board.current_index()
    assert len(queries) == 1

    # A rate saved as it was changes nothing; a tag renamed, its companies' tags.
    make_rate("EUR", "0.5")
    CultureTag.objects.filter(pk=learning.pk).update(slug="learning-first")
    assert titles(board_after(client, "/jobs/?tag=learning-first")) == ["New"]


def test_a_company_and_a_rate_changed_together_leave_no_stale_stage(client):
    company = make_company("Stager", stage="seed")
    make_job(company, title="Staged")
    make_rate("EUR", "0.9")
    # The stage filter reads each role's company stage, worked out once per index. How this
    # first read gets there depends on what index an earlier test left in the process.
    assert titles(board_after(client, "/jobs/?stage=seed", full=None)) == ["Staged"]
    with transaction.atomic():
        Company.objects.filter(pk=company.pk).update(stage="public")
        make_rate("EUR", "0.8")
    assert titles(board_after(client, "/jobs/?stage=public")) == ["Staged"]
    assert titles(board_after(client, "/jobs/?stage=seed")) == []


def test_many_roles_changed_at_once_build_the_index_again(client, monkeypatch):
    company = make_company()
    roles = [make_job(company, level="l5") for _ in range(12)]
    client.get("/jobs/")
    monkeypatch.setattr(board, "MOST_CHANGED_ROLES", 10)

    Job.objects.filter(pk__in=[role.pk for role in roles[:11]]).update(level="l6")

    assert heading(board_after(client, "/jobs/?level=l6", full=True)) == "11 roles"


def test_folded_entries_an_index_saw_are_skipped_and_those_it_did_not_see_build_it_again(client):
    company = make_company()
    make_job(company, title="Before")
    client.get("/jobs/")
    # Everything so far is folded: the index saw it all, so it reads nothing again, unless a
    # transaction older than the newest folded one was still open when it looked (another
    # database's on the same server): then it cannot tell that it saw them all.
    looked = board.current_index().snapshot
    newest = Change.objects.order_by("-xid").values_list("xid", flat=True).first()
    assert changes.compact(older_than_seconds=0) > 0
    blind = newest >= int(looked.split(":", 1)[0])
    assert heading(board_after(client, full=blind)) == "1 role"

    make_job(company, title="Unseen")  # after the index was built: it needs this entry
    changes.compact(older_than_seconds=0)  # folded before the index read it

    assert heading(board_after(client, full=True)) == "2 roles"


def test_a_statement_changing_too_many_roles_to_list_builds_the_index_again(client):
    make_job(title="Only")
    client.get("/jobs/")
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO core_change ("table", xid, ids, weight, folded, logged_at) '
            "VALUES ('jobs_job', pg_current_xact_id()::text::bigint, NULL, 1, false, now())"
        )

    assert heading(board_after(client, full=True)) == "1 role"


def test_inside_a_transaction_that_wrote_the_index_is_read_again_only_after_its_next_write():
    """A transaction's own writes are always in what changed (its snapshot cannot tell them
    apart): once the index has read them, it is kept until the transaction writes again, and
    the next write is read. A build from scratch gives the same index at every step."""
    company = make_company()
    with transaction.atomic():
        make_job(company, title="First")
        first = board.current_index()
        assert first.writer is not None
        assert board.current_index() is first  # nothing written since: kept as it is
        make_job(company, title="Second")
        second = board.current_index()
        assert second is not first
        assert sorted(Job.objects.get(pk=pk).title for pk in second.ids.tolist()) == [
            "First",
            "Second",
        ]
        assert_same_index(second, board.build())
        assert board.current_index() is second


def test_the_common_words_follow_each_write(client):
    company = make_company(slug="words-co")
    first = make_job(company, title="Quantum gardener", description="Prunes qubits daily.")
    make_job(company, title="Quantum baker", description="Bakes qubits daily.")
    make_job(company, title="Pastry chef", description="Bakes bread.")
    board.current_index()

    def found(text):
        return sorted(titles(board_after(client, f"/jobs/?q={text}")))

    assert "qubit" in board.current_index().words["search_vector"].lexemes
    assert found("qubits") == ["Quantum baker", "Quantum gardener"]
    first.description = "Prunes roses."
    first.save()
    assert found("qubits") == ["Quantum baker"]
    assert found("quantum -qubits") == ["Quantum gardener"]
    newcomer = make_job(company, title="Quantum tester", description="Tests qubits.")
    assert found("qubits") == ["Quantum baker", "Quantum tester"]
    assert found("quantum or pastry") == ["Pastry chef", "Quantum baker", "Quantum gardener", "Quantum tester"]  # fmt: skip
    newcomer.delete()
    assert found("qubits") == ["Quantum baker"]
