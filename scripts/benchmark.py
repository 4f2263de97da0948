"""Measure how fast Ladder's pages answer, over real HTTP, at a given size.

    make benchmark                                              # the demo content
    make benchmark BENCH_ARGS="--roles 200000 --companies 10000"

Works in a database of its own on DATABASE_URL's server (the embedded one under `make`), named
for its size, `ladder_bench_<roles>_<companies>`, never the one `make run` uses: creates it,
migrates it, loads the demo content, grows it to --companies companies and --roles roles, and
reuses it on the next run of the same size. Then serves it with gunicorn as `make run` does and
times every page type, uncached and cached, against a static file from the same server, each
request asking for a compressed answer as browsers and crawlers do; prints
the table with each page's query count and writes it to docs/performance.md (--output).
--explain prints the slowest queries of the slowest pages with their plans.
"""

import argparse
import os
import shlex
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarking import database, load, pages, report  # noqa: E402


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=0, help="grow the board to this many roles")
    parser.add_argument("--companies", type=int, default=0, help="grow the directory to this many")
    parser.add_argument(
        "--requests", type=int, default=100, help="per page and phase; 0: count queries only"
    )
    parser.add_argument("--threads", type=int, default=2, help="client connections at once")
    parser.add_argument(
        "--time-limit", type=float, default=20, help="seconds per page and phase at most"
    )
    parser.add_argument("--database", help="database name; default: ladder_bench_<size>")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    parser.add_argument("--output", type=Path, default=ROOT / "docs/performance.md")
    parser.add_argument("--explain", action="store_true", help="print plans of slow queries")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="measure only the pages whose name contains TEXT (repeatable); prints the table "
        "without writing it",
    )
    return parser.parse_args(argv)


def build(options, server_url: str, name: str, url: str) -> None:
    """Create, migrate, fill and grow the benchmark database unless it is already complete."""
    from django.core.management import call_command

    complete = database.prepare(server_url, name, fresh=options.fresh)
    # Migrations that came since it was built apply to a reused database too.
    call_command("migrate", interactive=False, verbosity=0)
    if complete:
        print(f"Reusing {name}.")
        return
    started = time.monotonic()
    print(f"Building {name}:", flush=True)
    call_command("load_demo")
    database.grow(url, roles=options.roles, companies=options.companies)
    database.mark_complete(url, name)
    print(f"Built {name} in {time.monotonic() - started:.0f} s.", flush=True)


def superuser():
    """A superuser of the benchmark database, with a new password for this run."""
    from django.contrib.auth import get_user_model

    password = uuid.uuid4().hex
    user, _ = get_user_model().objects.get_or_create(username=pages.ADMIN_USERNAME)
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return user, password


def static_path() -> str:
    import json

    manifest = json.loads((ROOT / "staticfiles/staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def measure(
    options, server: load.Server, builder: load.Server, page_types, password: str
) -> tuple[list, object]:
    """`server` has the page cache on; `builder`, the same site with it off, builds every page
    it is asked for: the uncached figures."""
    run = uuid.uuid4().hex[:6]
    clients = [load.Client(server.port) for _ in range(options.threads)]
    admins = [load.Client(server.port) for _ in range(options.threads)]
    builders = [load.Client(builder.port) for _ in range(options.threads)]
    builder_admins = [load.Client(builder.port) for _ in range(options.threads)]
    for admin in admins + builder_admins:
        admin.sign_in(pages.ADMIN_USERNAME, password)
    try:
        # Warm each worker and thread: imports, templates, connections.
        for page in page_types:
            for who in [admins if page.signed_in else clients,
                        builder_admins if page.signed_in else builders]:  # fmt: skip
                load.time_requests(who, page.uncached_paths(options.threads, run), 60)
        static = load.time_requests(clients, [static_path()] * options.requests * 5, 20)
        rows = []
        for page in page_types:
            who = admins if page.signed_in else clients
            uncached = load.time_requests(
                builder_admins if page.signed_in else builders,
                page.uncached_paths(options.requests, run),
                options.time_limit,
            )
            # Repeats of one URL, after a few that let each worker see it once.
            load.time_requests(who, [page.path] * 2 * options.threads, 60)
            cached = load.time_requests(who, [page.path] * options.requests, options.time_limit)
            for timing in (uncached, cached):
                if timing.failures:
                    raise SystemExit(f"{page.name}: {timing.failures[:3]}")
            rows.append({"page": page, "uncached": uncached, "cached": cached})
            print(
                f"  {page.name:<36} uncached p50 {uncached.percentile(50):8.1f} ms "
                f"({len(uncached.latencies_ms)} requests), cached p50 "
                f"{cached.percentile(50):8.1f} ms, {page.queries} queries",
                flush=True,
            )
        return rows, static
    finally:
        for client in clients + admins + builders + builder_admins:
            client.close()


# What a reader may ask a worker for first after it starts: each in a server of its own.
FIRST_REQUESTS = ["/jobs/", "/jobs/?q=engineer", "/companies/", "/search/?q=platform"]


def first_requests(url: str, log: Path) -> list[tuple[str, float]]:
    """How long the first request takes after gunicorn starts (the board's index loaded from
    the newest snapshot, templates compiled, connections opened), each path in a new server."""
    times = []
    for path in FIRST_REQUESTS:
        server = load.Server(url, log, page_cache=False)
        client = load.Client(server.port)
        try:
            started = time.perf_counter()
            reply = client.get(path)
            times.append((path, (time.perf_counter() - started) * 1000))
            if reply.status != 200:
                raise SystemExit(f"first request for {path} answered {reply.status}")
        finally:
            client.close()
            server.stop()
    return times


def explain(page_types) -> None:
    """Each page's queries, the pages with most time in SQL first, and the plans of their two
    slowest queries."""
    for page in sorted(page_types, key=lambda page: page.query_ms, reverse=True)[:6]:
        print(f"\n### {page.name} ({page.path}): {page.queries} queries, {page.query_ms:.0f} ms")
        for ms, sql, _params in page.slowest:
            print(f"  {ms:7.1f} ms  {sql[:160]}")
        for ms, sql, params in page.slowest[:2]:
            print(f"\n{ms:.1f} ms: {sql}\n  params: {params}\n")
            print(pages.explain(sql, params))


def main(argv=None) -> int:
    options = parse(argv)
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        raise SystemExit("Set DATABASE_URL (make benchmark does, through scripts/local.py).")
    name = options.database or database.database_name(options.roles, options.companies)
    url = database.with_database(server_url, name)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from config import gunicorn as gunicorn_config

    try:
        build(options, server_url, name, url)
        admin, password = superuser()
        page_types = pages.choose(options.requests)
        log = Path(tempfile.gettempdir()) / f"{name}-gunicorn.log"
        server = load.Server(url, log)
        builder = load.Server(url, log.with_name(log.stem + "-uncached.log"), page_cache=False)
        try:
            index = load.Client(server.port)
            page_types += pages.sitemap_pages(index.get("/sitemap.xml").text())
            index.close()
            if options.only:
                page_types = [p for p in page_types if any(t in p.name for t in options.only)]
            pages.count_queries(page_types, admin)
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0].split()[0]
                cursor.execute("SHOW shared_buffers")
                version += f" (shared_buffers {cursor.fetchone()[0]})"
                cursor.execute("SELECT (SELECT count(*) FROM jobs_job), "
                               "(SELECT count(*) FROM companies_company), "
                               "(SELECT count(*) FROM companies_review), "
                               "(SELECT count(*) FROM companies_compsignal), "
                               "(SELECT count(*) FROM companies_payreport)")  # fmt: skip
                roles, companies, reviews, comp_rows, pay_reports = cursor.fetchone()
            machine_line = report.machine(version)
            if options.explain:
                explain(page_types)
            connection.close()
            if not options.requests:
                return 0
            print(f"Measuring {len(page_types)} page types at {server.base} …", flush=True)
            rows, static = measure(options, server, builder, page_types, password)
        finally:
            server.stop()
            builder.stop()
        first = first_requests(url, log.with_name(log.stem + "-first.log"))
        print("First request after a start: "
              + ", ".join(f"{path} {ms:.0f} ms" for path, ms in first), flush=True)  # fmt: skip

        key = name.removeprefix("ladder_bench_")
        label = "Demo content" if key == "demo" else f"{roles:,} roles, {companies:,} companies"
        args = sys.argv[1:] if argv is None else argv
        command = "make benchmark" + (f' BENCH_ARGS="{shlex.join(args)}"' if args else "")
        text = report.section(
            key=key,
            label=label,
            counts=(
                f"{roles:,} roles, {companies:,} companies, {reviews:,} reviews, "
                f"{comp_rows:,} comp rows, {pay_reports:,} pay reports"
            ),
            command=command,
            machine_line=machine_line,
            settings=(
                f"{options.threads} client connections at once, up to {options.requests} "
                f"requests per page and phase (at most {options.time_limit:g} s each); gunicorn "
                f"{gunicorn_config.workers} workers of one thread each ({gunicorn_config.worker_class})."
            ),
            table_text=report.table(rows, static, static_path()) + "\n\n" + report.first(first),
        )
        print()
        print(text)
        if options.output and not options.only:
            report.write(options.output, key, text)
            print(f"\nWritten to {options.output}.")
    finally:
        connection.close()
        if options.drop:
            database.drop(server_url, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
