"""Measure sending email alerts: how long a schedule run takes to send N digests through a
real SMTP server, and how many queries each email costs.

    make benchmark                                   # runs this after the page benchmark
    .venv/bin/python scripts/local.py .venv/bin/python scripts/benchmarking/alerts.py --alerts 500

Works in a database of its own, `ladder_bench_alerts`, made afresh each run (never the one
`make run` uses): the demo content, N readers with a verified address and one due saved search
each (a few different filters), and new roles for them. Then runs the schedule's work once in
this process (alerts.digests.send_due_digests, what the worker's run does) with every query
counted, first for a small number of readers and then for N, so that the queries per email can
be compared across sizes. Mail goes to an aiosmtpd server on loopback that accepts everything.
Writes its table to docs/performance.md (--output).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarking import database, report  # noqa: E402

NAME = "ladder_bench_alerts"
QUERIES = ["discipline=backend", "level=l5", "workplace=remote", "", "discipline=backend&level=l5"]


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=10_000, help="digests to send; 0: skip")
    parser.add_argument("--small", type=int, default=100, help="the smaller run to compare with")
    parser.add_argument("--output", type=Path, default=ROOT / "docs/performance.md")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args(argv)


class Sink:
    """An SMTP server on loopback that accepts and counts every message."""

    def __init__(self):
        import socket

        from aiosmtpd.controller import Controller

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.count = 0
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"

    def stop(self):
        self.controller.stop()


def readers_with_due_searches(count: int, start: int) -> None:
    """`count` readers, each with a verified address and one saved search due now."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from alerts.models import Frequency, SavedSearch

    User = get_user_model()
    now = timezone.now()
    users = User.objects.bulk_create(
        User(username=f"bench{n}@example.com", email=f"bench{n}@example.com", password="!")
        for n in range(start, start + count)
    )
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
    SavedSearch.objects.bulk_create(
        SavedSearch(
            user=user,
            scope="jobs",
            name=f"Search {n}",
            query=QUERIES[n % len(QUERIES)],
            frequency=Frequency.DAILY,
            next_due_at=now,
            alerted_until=now - timezone.timedelta(days=1),
        )
        for n, user in enumerate(users)
    )


def fresh_roles() -> int:
    """Every open role counts as new: published within the last day."""
    from django.db.models import F
    from django.utils import timezone

    from jobs.models import Job

    return Job.objects.visible().update(
        published_at=timezone.now() - timezone.timedelta(hours=2),
        expires_at=F("expires_at") + timezone.timedelta(days=1),
    )


def run(count: int, start: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alerts import digests

    readers_with_due_searches(count, start)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = digests.send_due_digests()
        seconds = time.perf_counter() - started
    return {"readers": count, "sent": sent, "seconds": seconds, "queries": len(queries)}


def main(argv=None) -> int:
    options = parse(argv)
    if not options.alerts:
        return 0
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        raise SystemExit("Set DATABASE_URL (make benchmark does, through scripts/local.py).")
    url = database.with_database(server_url, NAME)
    database.prepare(server_url, NAME, fresh=True)
    sink = Sink()
    os.environ.update(
        DATABASE_URL=url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="0",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    os.environ.pop("DJANGO_DEBUG", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from jobs.models import Job

    # Whatever the environment configured, send to the sink.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "use_tls": False},
        }
    }
    try:
        print(f"Building {NAME}:", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo")
        fresh_roles()
        open_roles = Job.objects.visible().count()
        results = []
        for count, start in [(options.small, 0), (options.alerts, options.small)]:
            result = run(count, start)
            results.append(result)
            print(
                f"  {result['sent']:,} emails to {count:,} readers in {result['seconds']:.1f} s: "
                f"{result['queries'] / max(result['sent'], 1):.1f} queries per email",
                flush=True,
            )
        assert sink.count == sum(r["sent"] for r in results), "the SMTP server got other mail"
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        text = section(results, open_roles, report.machine(version), argv)
        print()
        print(text)
        if options.output:
            report.write(options.output, "alerts", text)
            print(f"\nWritten to {options.output}.")
    finally:
        sink.stop()
        connection.close()
        if not options.keep:
            database.drop(server_url, NAME)
    return 0


def section(results: list[dict], open_roles: int, machine_line: str, argv) -> str:
    from datetime import UTC, datetime

    args = sys.argv[1:] if argv is None else argv
    lines = [
        "<!-- benchmark:alerts -->",
        "## Email alerts",
        "",
        f"Measured {datetime.now(UTC).date().isoformat()} on {machine_line}.",
        "",
        "```sh\n.venv/bin/python scripts/local.py .venv/bin/python scripts/benchmarking/alerts.py"
        + (f" {' '.join(args)}" if args else "")
        + "\n```",
        "",
        f"One schedule run (`alerts.digests.send_due_digests`, what the worker runs) sends one "
        f"daily digest to each reader, each listing up to 20 of the {open_roles:,} open roles "
        "its saved search finds, through a real SMTP server on loopback (aiosmtpd), one "
        "connection per email. Queries per email are every query of the run divided by the "
        "emails sent: the same at both sizes, since each digest costs a fixed number.",
        "",
        "| readers (one due saved search each) | emails sent | total s | emails / s "
        "| ms per email | queries per email |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        sent = max(r["sent"], 1)
        lines.append(
            f"| {r['readers']:,} | {r['sent']:,} | {r['seconds']:.1f} "
            f"| {r['sent'] / r['seconds']:.0f} | {1000 * r['seconds'] / sent:.1f} "
            f"| {r['queries'] / sent:.2f} |"
        )
    lines.append("<!-- /benchmark:alerts -->")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
