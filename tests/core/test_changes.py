"""The change log (core.changes) and the search vocabulary: no write waits on an unrelated one,
a save writes only what it changes, and what readers derive from the log is exact."""

import re
from decimal import Decimal

import psycopg
import pytest
from django.db import connection

from alerts import tasks
from companies.models import Company, ExchangeRate, Review
from core import changes, maintenance, pagecache
from core.models import Change, SearchWord, SearchWordDelta
from guides.models import Author, Guide
from jobs.models import BoardSnapshot, Job
from tests.conftest import database_url, make_company, make_guide, make_job, make_rate, make_review

pytestmark = pytest.mark.django_db


def session():
    """A connection of its own to the test database, as another worker would have."""
    return psycopg.connect(database_url(connection.settings_dict))


@pytest.mark.django_db(transaction=True)
def test_no_write_waits_on_an_unrelated_one_still_open(author):
    company, other = make_company("Acme"), make_company("Other")
    job, other_job = make_job(company, title="Platform Engineer"), make_job(other)
    guide = make_guide(author, slug="guide", title="A guide", body="Engineering words.")
    review = make_review(other)
    with session() as a, session() as b:
        # A holds an uncommitted update of a role, with a word the site has never had.
        a.execute(
            "UPDATE jobs_job SET title = 'Platform Engineer II', city = 'Zyxcorp' WHERE id = %s",
            [job.pk],
        )
        b.execute("SET lock_timeout = '1s'")
        # B, meanwhile, touches every other kind of content, the same new word among it:
        # none of it waits.
        b.execute(
            "UPDATE guides_guide SET title = 'Zyxcorp, renamed' WHERE id = %s",
            [guide.pk],
        )
        b.execute("UPDATE guides_author SET role = 'Editor' WHERE id = %s", [author.pk])
        b.execute("UPDATE companies_company SET tagline = 'New words' WHERE id = %s", [other.pk])
        b.execute("UPDATE companies_review SET headline = 'Platform' WHERE id = %s", [review.pk])
        b.execute("UPDATE jobs_job SET title = 'Platform Lead' WHERE id = %s", [other_job.pk])
        b.commit()
        a.rollback()
    assert Guide.objects.get(pk=guide.pk).title == "Zyxcorp, renamed"
    assert Review.objects.get(pk=review.pk).headline == "Platform"


def table_writes(*tables) -> dict[str, tuple[int, int, int]]:
    """Rows inserted, updated and deleted in each table by this transaction so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE relname = ANY(%s)",
            [list(tables)],
        )
        found = {name: tuple(counts) for name, *counts in cursor.fetchall()}
    return {table: found.get(table, (0, 0, 0)) for table in tables}


def test_a_rate_saved_rewrites_no_role_nor_company():
    euro = make_rate("EUR", "0.9")
    company = make_company()
    for _ in range(5):
        make_job(company, salary_currency="EUR", salary_max=100_000)
    before = table_writes("jobs_job", "companies_company")

    ExchangeRate.objects.get(pk=euro.pk).save()  # unchanged, as an editor's save
    euro.units_per_usd = Decimal("0.8")
    euro.save()  # changed: salaries are converted when read

    assert table_writes("jobs_job", "companies_company") == before


def test_a_role_saved_unchanged_writes_no_vocabulary_and_a_change_only_its_words():
    job = make_job(title="Platform Engineer", description="Kubernetes and Terraform.")
    vocabulary = ("core_searchword", "core_searchworddelta")
    before = table_writes(*vocabulary)

    Job.objects.get(pk=job.pk).save()
    assert table_writes(*vocabulary) == before

    job.description = "Kubernetes and Pulumi."
    job.save()
    inserted = (
        table_writes(*vocabulary)["core_searchworddelta"][0] - before["core_searchworddelta"][0]
    )
    assert inserted == 2  # pulumi +1, terraform -1
    assert dict(SearchWordDelta.objects.filter(word__in=["pulumi", "terraform"]).values_list(
        "word", "delta"
    ).order_by("id").reverse()[:2]) == {"pulumi": 1, "terraform": -1}  # fmt: skip


def test_every_statement_a_change_log_trigger_runs_is_planned_for_its_rows():
    """PL/pgSQL would keep the plan a trigger's statement got for the first statement's rows
    (one row: a nested loop) for every later one in the session; through EXECUTE, each run
    plans it for the rows it has."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, pg_get_functiondef(p.oid) FROM pg_trigger t "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE pg_get_functiondef(p.oid) LIKE "
            "'%%INSERT INTO core_change%%' AND t.tgname NOT LIKE '%%lexicon%%'"
        )
        functions = cursor.fetchall()
    assert len(functions) >= 40  # four triggers on each of the content tables
    for name, body in functions:
        unplanned = re.sub(r"\$planned\$.*?\$planned\$", "", body, flags=re.DOTALL)
        assert "INSERT" not in unplanned, name
        assert "EXECUTE $planned$" in body, name


def test_a_words_id_is_the_same_in_python_and_in_postgresql():
    words = ["engin", "kubernet", "o'neil", "zürich", "東京", "c", "", "x" * 100]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {changes.WORD_ID.format(word='w')} FROM unnest(%s::text[]) AS w", [words]
        )
        assert [row[0] for row in cursor.fetchall()] == [changes.word_id(w) for w in words]
    assert len({changes.word_id(w) for w in words}) == len(words)


def logged(table: str, since: int) -> list[list[int] | None]:
    """The ids of each entry logged for `table` after the entry `since`, oldest first."""
    return [
        None if ids is None else sorted(ids)
        for ids in Change.objects.filter(table=table, id__gt=since)
        .order_by("id")
        .values_list("ids", flat=True)
    ]


def newest_entry() -> int:
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


def ids_of_words(*words: str) -> list[int]:
    return sorted(changes.word_id(word) for word in words)


def test_a_roles_lexemes_are_logged_by_those_it_gains_or_loses():
    company = make_company("Acme", tagline="Build tools")
    since = newest_entry()
    job = make_job(company, title="Platform Engineer", description="Kubernetes and Terraform.")
    assert logged("jobs_job:lexemes", since) == [None]  # a new role: any of its words

    since = newest_entry()
    Job.objects.get(pk=job.pk).save()
    job.description = "Terraform, then Kubernetes and Pulumi."  # only "pulumi" is new
    job.save()
    Job.objects.filter(pk=job.pk).update(title="Staff Platform Engineer")
    job = Job.objects.get(pk=job.pk)
    job.description = "Pulumi and Kubernetes, then Terraform."  # the same words, moved
    job.save()
    assert logged("jobs_job:lexemes", since) == [
        ids_of_words("pulumi"),
        ids_of_words("staff"),
        [],
    ]

    since = newest_entry()
    Company.objects.filter(pk=company.pk).update(tagline="Build tools for Pulumi people")
    Company.objects.filter(pk=company.pk).update(is_listed=False)  # not its words
    assert logged("companies_company:lexemes", since) == [ids_of_words("pulumi", "peopl")]

    since = newest_entry()
    Job.objects.filter(pk=job.pk).delete()
    assert logged("jobs_job:lexemes", since) == [None]


def test_an_order_by_rating_is_logged_by_the_keys_a_company_moved_across():
    company = make_company("Acme")
    reviews = [make_review(company, rating=4, rating_career=c) for c in (4, 4, 5)]  # 4.33
    since = newest_entry()
    make_review(company, rating=4, rating_career=3)  # 4.00
    Company.objects.filter(pk=company.pk).update(name="Acme Renamed")  # a tie-breaker: its key
    Company.objects.filter(pk=company.pk).update(tagline="Other words")  # not in the order
    Review.objects.filter(pk__in=[r.pk for r in reviews[:2]]).update(status="rejected")
    assert logged("companies_company:rating", since) == [
        list(range(400, 434)),
        [400],
        list(range(-1, 401)),  # two reviews left: no rating shown
    ]
    since = newest_entry()
    make_company("Other")
    assert logged("companies_company:rating", since) == [None]


def test_the_vocabulary_logs_the_words_whose_count_a_write_changed(author):
    job = make_job(title="Platform Engineer", description="Kubernetes and Terraform.")
    since = newest_entry()
    Job.objects.get(pk=job.pk).save()
    job.description = "Kubernetes and Pulumi."
    job.save()
    guide = make_guide(author, slug="g", title="Growth", body="Growth.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector('simple', title || ' ' || summary || ' ' || "
            "body)) FROM guides_guide WHERE id = %s",
            [guide.pk],
        )
        guides_words = cursor.fetchone()[0]
    assert "growth" in guides_words
    assert logged(changes.VOCABULARY, since) == [
        ids_of_words("pulumi", "terraform"),
        ids_of_words(*guides_words),
    ]


def recount() -> dict[str, int]:
    """Each word's documents, counted afresh from every searchable text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, count(*) FROM ("
            "SELECT title || ' ' || description || ' ' || city AS doc FROM jobs_job "
            "UNION ALL SELECT name || ' ' || tagline || ' ' || about || ' ' || headquarters "
            "FROM companies_company "
            "UNION ALL SELECT name || ' ' || summary FROM companies_culturetag "
            "UNION ALL SELECT title || ' ' || summary || ' ' || body FROM guides_guide"
            ") AS docs, unnest(tsvector_to_array(to_tsvector('simple', doc))) AS w(word) "
            "GROUP BY word"
        )
        return dict(cursor.fetchall())


def test_folding_the_vocabulary_gives_the_counts_a_recount_gives(author):
    company = make_company("Moonlit Forge", tagline="Build tools")
    first = make_job(company, title="Backend Engineer", description="Go and Kubernetes.")
    make_job(company, title="Data Engineer", description="Spark.")
    make_guide(author, slug="g", title="Growth", body="Kubernetes, again.")
    first.description = "Rust only."
    first.save()
    Job.objects.filter(title="Data Engineer").delete()

    changes.fold_vocabulary()

    assert not SearchWordDelta.objects.exists()
    assert dict(SearchWord.objects.values_list("word", "documents")) == recount()


def test_versions_move_with_each_write_and_folding_keeps_them():
    job = make_job()
    before = changes.versions()
    Job.objects.filter(pk=job.pk).update(title="Renamed")
    Job.objects.filter(pk=job.pk).update(title="Renamed")  # a row rewritten as it was
    after = changes.versions()
    assert after["jobs_job"] == before["jobs_job"] + 1
    assert after.get("guides_guide") == before.get("guides_guide")

    assert changes.compact(older_than_seconds=0) > 0
    assert changes.versions() == after
    assert Change.objects.filter(folded=False).count() == 0


def test_a_pending_review_moves_no_version_and_touches_no_company():
    company = make_company()
    before = changes.versions()
    writes = table_writes("companies_company")

    make_review(company, status="pending")

    assert changes.versions() == before
    assert table_writes("companies_company") == writes
    assert Company.objects.get(pk=company.pk).review_count == 0


def test_an_author_is_logged_like_any_content():
    before = changes.versions().get("guides_author", 0)
    Author.objects.create(slug="ada", name="Ada")
    assert changes.versions()["guides_author"] == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_late_commit_folded_with_newer_ones_is_not_taken_as_seen():
    """A transaction that wrote before a reader's last look and committed after it, folded
    with a newer one the reader did see: the reader's next look still finds the table changed
    (the page cache and the board's index read the log this way)."""
    late, seen = make_job(title="Late"), make_job(title="Seen")
    with session() as long_running, session() as quick:
        long_running.execute("UPDATE jobs_job SET title = 'Late, renamed' WHERE id = %s", [late.pk])
        quick.execute("UPDATE jobs_job SET title = 'Seen, renamed' WHERE id = %s", [seen.pk])
        quick.commit()  # a newer transaction, committed first
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_snapshot()::text")
            [last_look] = cursor.fetchone()
        state = pagecache._State()
        state.current()
        long_running.commit()
    assert changes.compact(older_than_seconds=0) > 0  # folds both into one entry

    found = changes.changes_since(last_look, ["jobs_job"])
    assert "jobs_job" in found.ids
    assert found.ids["jobs_job"] is None or late.pk in found.ids["jobs_job"]
    state.read_at -= pagecache.STATE_TTL  # due to look again
    state.current()
    assert state.changed_any.get("jobs_job") == state.reads


@pytest.mark.django_db(transaction=True)
def test_each_run_of_the_schedule_does_the_upkeep_and_a_failing_job_stops_no_other(monkeypatch):
    make_job(make_company("Acme"), title="Kubernetes Engineer")
    assert SearchWordDelta.objects.exists()
    ran = []

    def failing():
        ran.append("failing")
        raise RuntimeError("broken upkeep")

    monkeypatch.setitem(maintenance._jobs, "a failing job", failing)
    monkeypatch.setitem(maintenance._jobs, "after it", lambda: ran.append("after it"))

    tasks.run_schedule.call("a chain that is not the live one")

    assert ran == ["failing", "after it"]
    assert not SearchWordDelta.objects.exists()
    assert dict(SearchWord.objects.values_list("word", "documents")) == recount()
    assert BoardSnapshot.objects.count() == 1


@pytest.mark.django_db
def test_upkeep_prunes_expired_limits_sessions_and_long_finished_tasks():
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from core.models import SharedCacheEntry

    now = timezone.now()
    SharedCacheEntry.objects.create(cache_key="old", value="x", expires=now - timedelta(hours=1))
    SharedCacheEntry.objects.create(cache_key="live", value="x", expires=now + timedelta(hours=1))
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + timedelta(1))

    def finished(status: str, ago: timedelta) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="core.mail.deliver",
            backend_name="default",
            run_after=now - ago,
            finished_at=now - ago,
        )

    gone = [finished("SUCCESSFUL", timedelta(days=2)), finished("FAILED", timedelta(days=31))]
    kept = [finished("SUCCESSFUL", timedelta(hours=1)), finished("FAILED", timedelta(days=2))]

    results = maintenance.run()

    assert results["shared cache"] == 1
    assert results["finished tasks"] == 2
    assert list(SharedCacheEntry.objects.values_list("cache_key", flat=True)) == ["live"]
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {t.pk for t in kept}
    assert not DBTaskResult.objects.filter(pk__in=[t.pk for t in gone]).exists()
