"""The benchmark's own database: created beside the one `make run` uses, on the same server,
named for its size, filled with the demo content and grown to that size once, then reused.

Growth is volume only. Every new company is a copy of a demo company (its about text, tags and
their evidence, comp rows in its currency, its ladder, and copies of its reviews), and every new
role a copy of one of that company's demo roles, so text, tags, levels and pay stay as coherent as the demo
data files made them; readers' pay reports follow each grown company's editor bands, from reader
accounts and client addresses that recur. Rows are copied by INSERT … SELECT in a few large statements: the Markdown
is copied already rendered (with the hash the database checks it against), the search vectors and
size bands are generated columns, and the company aggregates (review count, ratings, tag slugs)
are kept by the triggers in companies/models.py, once per statement.
"""

import time
from urllib.parse import urlsplit, urlunsplit

import psycopg

# Written on the database once it is complete, so an interrupted build is never reused; the
# version changes when what a build grows does (2: readers' pay reports), so an older
# database is rebuilt.
COMPLETE = "ladder benchmark database, complete, version 2"
ROLE_BATCH = 25_000
REVIEW_BATCH_COMPANIES = 2_000
# Reviews per grown company: 120 × u², u uniform on [0, 1): 40 on average, a third under 14.
REVIEWS_SCALE = 120
# Readers' pay reports per grown company: 30 × u², 10 on average; from a pool of reader
# accounts and of client addresses smaller than the reports, so that accounts and networks
# report more than once and the counting rule (PayReportQuerySet.counted) has work to do.
PAY_REPORTS_SCALE = 30
READERS_PER_COMPANY = 4
ADDRESSES_PER_COMPANY = 3


def database_name(roles: int, companies: int) -> str:
    return f"ladder_bench_{roles}_{companies}" if roles or companies else "ladder_bench_demo"


def with_database(url: str, name: str) -> str:
    """`url` (a DATABASE_URL) pointing at another database on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare(server_url: str, name: str, *, fresh: bool) -> bool:
    """Make sure database `name` exists on `server_url`'s server. Returns True when it is
    already complete (and `fresh` is false), so it can be used as it is."""
    if urlsplit(server_url).path.lstrip("/") == name:
        raise SystemExit(f"Refusing to benchmark in {name}: it is DATABASE_URL's own database.")
    with psycopg.connect(server_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row and row[0] == COMPLETE and not fresh:
            return True
        if row:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False


def mark_complete(url: str, name: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{COMPLETE}'")
        conn.execute("VACUUM ANALYZE")


def drop(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _columns(conn, table: str) -> list[str]:
    """The columns an INSERT may write: every one but the identity and generated ones, so
    columns added by later migrations are copied too."""
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [name for (name,) in rows]


def _copy(conn, table: str, source: str, overrides: dict[str, str], alias: str) -> str:
    """INSERT … SELECT copying every column of `alias` except those in `overrides`."""
    columns = _columns(conn, table)
    select = ", ".join(overrides.get(column, f"{alias}.{column}") for column in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {source}"


def _step(message: str, started: float) -> None:
    print(f"  {message} ({time.monotonic() - started:.0f} s)", flush=True)


def grow(url: str, *, roles: int, companies: int) -> None:
    """Grow the directory to `companies` companies and the board to `roles` roles."""
    started = time.monotonic()
    with psycopg.connect(url) as conn:
        conn.execute("SELECT setseed(0.2026)")
        _grow_companies(conn, companies, started)
        conn.commit()
        _grow_roles(conn, roles, started)
        conn.commit()
        _grow_pay_reports(conn, started)
        conn.commit()


def _grow_companies(conn, target: int, started: float) -> None:
    existing = conn.execute("SELECT count(*) FROM companies_company").fetchone()[0]
    # Each company and the demo company it copies (the demo companies copy themselves).
    conn.execute(
        "CREATE TEMP TABLE bench_company AS "
        "SELECT id, id AS template_id, slug AS new_slug FROM companies_company"
    )
    if target <= existing:
        return
    conn.execute(
        "CREATE TEMP TABLE bench_template AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, "
        "count(*) OVER () AS n_templates, * FROM companies_company"
    )
    insert = _copy(
        conn,
        "companies_company",
        "source c",
        {
            "name": "c.name || ' ' || to_char(c.n, 'FM00000')",
            "slug": "c.new_slug",
            "website": "replace(c.website, c.slug, c.new_slug)",
            "careers_url": "replace(c.careers_url, c.slug, c.new_slug)",
            "ladder_url": "replace(c.ladder_url, c.slug, c.new_slug)",
            "engineering_blog_url": "replace(c.engineering_blog_url, c.slug, c.new_slug)",
            "employee_count": "greatest(1, round(c.employee_count * (0.85 + random() * 0.3)))",
            "created_at": "now() - random() * interval '900 days'",
            "updated_at": "now() - random() * interval '120 days'",
        },
        "c",
    )
    conn.execute(
        "WITH source AS (SELECT n, t.*, t.slug || '-' || n AS new_slug "
        " FROM generate_series(1, %s::int) n JOIN bench_template t ON t.i = mod(n, t.n_templates)), "
        f"inserted AS ({insert} RETURNING id, slug) "
        "INSERT INTO bench_company SELECT inserted.id, source.id, source.new_slug "
        "FROM inserted JOIN source ON source.new_slug = inserted.slug",
        [target - existing],
    )
    _step(f"{target - existing:,} companies", started)

    # Most of the template's tags (a few dropped, so tag combinations vary), with its evidence.
    conn.execute(
        _copy(
            conn,
            "companies_companytag",
            "bench_company b JOIN companies_companytag ct ON ct.company_id = b.template_id "
            "WHERE b.id <> b.template_id AND random() > 0.12",
            {
                "company_id": "b.id",
                "verified_on": "ct.verified_on - (random() * 60)::int",
            },
            "ct",
        )
    )
    _step("their culture tags", started)

    # The template's comp rows, in its currency, scaled by a few percent per company.
    conn.execute(
        _copy(
            conn,
            "companies_compsignal",
            "(SELECT b.id AS bench_id, (0.92 + random() * 0.16)::numeric AS factor, b.template_id "
            " FROM bench_company b WHERE b.id <> b.template_id) b "
            "JOIN companies_compsignal cs ON cs.company_id = b.template_id",
            {
                "company_id": "b.bench_id",
                "base_min": "round(cs.base_min * b.factor, -3)",
                "base_max": "round(cs.base_max * b.factor, -3)",
                "total_comp": "round(cs.total_comp * b.factor, -3)",
                "as_of": "cs.as_of - (random() * 200)::int",
            },
            "cs",
        )
    )
    _step("their comp rows", started)

    # The template's ladder, as it is.
    conn.execute(
        _copy(
            conn,
            "companies_ladderlevel",
            "bench_company b JOIN companies_ladderlevel l ON l.company_id = b.template_id "
            "WHERE b.id <> b.template_id",
            {"company_id": "b.id"},
            "l",
        )
    )
    _step("their ladders", started)

    # Reviews: copies of the template's, ratings nudged by a point either way, spread over two
    # years, a few per company or over a hundred.
    conn.execute(
        "CREATE TEMP TABLE bench_review AS SELECT row_number() OVER "
        "(PARTITION BY company_id ORDER BY id) - 1 AS i, count(*) OVER "
        "(PARTITION BY company_id) AS n_reviews, * FROM companies_review"
    )
    conn.execute("CREATE INDEX ON bench_review (company_id, i)")
    nudged = {
        f"rating_{name}": f"least(5, greatest(1, r.rating_{name} + floor(random() * 3)::int - 1))"
        for name in ["overall", "career", "work_life", "culture", "leadership", "compensation"]
    }
    ids = [
        row[0]
        for row in conn.execute("SELECT id FROM bench_company WHERE id <> template_id ORDER BY id")
    ]
    for start in range(0, len(ids), REVIEW_BATCH_COMPANIES):
        chunk = ids[start : start + REVIEW_BATCH_COMPANIES]
        conn.execute(
            _copy(
                conn,
                "companies_review",
                "(SELECT b.*, k, now() - random() * interval '730 days' AS written "
                " FROM bench_company b CROSS JOIN LATERAL generate_series(1, "
                f" floor({REVIEWS_SCALE} * power(random(), 2) + 0 * b.id)::int) k "
                " WHERE b.id BETWEEN %s AND %s AND b.id <> b.template_id) b "
                "JOIN bench_review r ON r.company_id = b.template_id AND r.i = mod(b.k, r.n_reviews)",
                {
                    **nudged,
                    "company_id": "b.id",
                    "created_at": "b.written",
                    "moderated_at": "CASE WHEN r.moderated_at IS NULL THEN NULL "
                    "ELSE b.written + interval '2 days' END",
                },
                "r",
            ),
            [chunk[0], chunk[-1]],
        )
        _step(f"reviews of {start + len(chunk):,} companies", started)


def _grow_roles(conn, target: int, started: float) -> None:
    existing = conn.execute("SELECT count(*) FROM jobs_job").fetchone()[0]
    if target <= existing:
        return
    # Role n copies demo role n mod J into one of the copies of that role's company, in turn.
    conn.execute(
        "CREATE TEMP TABLE bench_role AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, "
        "count(*) OVER () AS n_roles, * FROM jobs_job"
    )
    conn.execute("CREATE INDEX ON bench_role (i)")
    conn.execute(
        "CREATE TEMP TABLE bench_clone AS SELECT row_number() OVER "
        "(PARTITION BY template_id ORDER BY id) - 1 AS k, count(*) OVER "
        "(PARTITION BY template_id) AS n_clones, id, template_id FROM bench_company"
    )
    conn.execute("CREATE INDEX ON bench_clone (template_id, k)")
    conn.execute("ANALYZE bench_role; ANALYZE bench_clone")
    first, last = existing + 1, target
    for start in range(first, last + 1, ROLE_BATCH):
        end = min(last, start + ROLE_BATCH - 1)
        conn.execute(
            _copy(
                conn,
                "jobs_job",
                "generate_series(%s::int, %s::int) n "
                "JOIN bench_role j ON j.i = mod(n, j.n_roles) "
                "JOIN bench_clone b ON b.template_id = j.company_id "
                " AND b.k = mod(n / j.n_roles, b.n_clones)",
                {
                    "company_id": "b.id",
                    "slug": "left(j.slug, 180) || '-' || n",
                    "source_id": "'bench-' || n",
                    "published_at": "j.published_at - random() * interval '3 days'",
                    "created_at": "coalesce(j.published_at, j.created_at) - interval '3 days'",
                    "updated_at": "now() - random() * interval '30 days'",
                },
                "j",
            ),
            [start, end],
        )
        conn.commit()
        _step(f"roles up to {end:,}", started)


def _grow_pay_reports(conn, started: float) -> None:
    """Readers' pay reports for every grown company, each at one of the company's levels with
    an editor band and about that band's total (in its currency), sent from reader accounts
    and client addresses that recur across reports; one in twenty still held."""
    grown = conn.execute("SELECT count(*) FROM bench_company WHERE id <> template_id").fetchone()[0]
    if not grown:
        return
    readers = grown * READERS_PER_COMPANY
    first, last = conn.execute(
        "WITH inserted AS (INSERT INTO auth_user (password, is_superuser, username, first_name,"
        " last_name, email, is_staff, is_active, date_joined) "
        "SELECT '!', false, 'bench-reader-' || n, '', '', '', false, true, "
        " now() - random() * interval '730 days' FROM generate_series(1, %s) n "
        "RETURNING id) SELECT min(id), max(id) FROM inserted",
        [readers],
    ).fetchone()
    assert last - first + 1 == readers, "the reader accounts' ids are one run"
    _step(f"{readers:,} reader accounts", started)
    conn.execute(
        "INSERT INTO companies_payreport (company_id, author_id, level, track, location, "
        " currency, base, bonus, equity, year, status, hold_reason, submitted_from, created_at) "
        "SELECT b.id, %s + floor(random() * %s)::int, cs.level, cs.track, "
        " coalesce(nullif(c.headquarters, ''), 'Remote'), cs.currency, "
        " round(cs.total_comp * (0.62 + random() * 0.2)::numeric, -3), "
        " round(cs.total_comp * (random() * 0.1)::numeric, -3), "
        " round(cs.total_comp * (random() * 0.15)::numeric, -3), "
        " 2024 + floor(random() * 3)::int, "
        " CASE WHEN random() < 0.05 THEN 'held' ELSE 'approved' END, '', "
        " ('10.' || (n / 65536) || '.' || (n / 256 %% 256) || '.' || (n %% 256))::inet, "
        " now() - random() * interval '730 days' "
        "FROM bench_company b JOIN companies_company c ON c.id = b.id "
        "CROSS JOIN LATERAL generate_series(1, "
        f" floor({PAY_REPORTS_SCALE} * power(random(), 2) + 0 * b.id)::int) k "
        "CROSS JOIN LATERAL (SELECT floor(random() * %s + 0 * k)::int AS n) address "
        "CROSS JOIN LATERAL (SELECT * FROM companies_compsignal cs WHERE cs.company_id = b.id "
        " ORDER BY random() + 0 * k LIMIT 1) cs "
        "WHERE b.id <> b.template_id",
        [first, readers, grown * ADDRESSES_PER_COMPANY],
    )
    count = conn.execute(
        "SELECT count(*) FROM companies_payreport WHERE author_id IS NOT NULL"
    ).fetchone()[0]
    _step(f"{count:,} readers' pay reports", started)
