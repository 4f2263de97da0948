"""Measure how full the page cache stays under a realistic day: the share of anonymous page
requests it answers while content changes as it does on a live site.

    make benchmark                   # runs this after the page benchmark, at the same size
    .venv/bin/python scripts/local.py .venv/bin/python scripts/benchmarking/cache_day.py \
        --roles 200000 --companies 10000 --minutes 10

Uses the page benchmark's database of that size (`ladder_bench_<roles>_<companies>`, which
`scripts/benchmark.py` builds) and serves it with gunicorn as `make run` does, page cache on.
Readers ask for pages at --rate requests a second: role pages, the board with random filters
(some with a text filter), company pages, the directory, home, guides, tags, search and feeds,
in the shares below, each type's URLs drawn from a fixed set with a few popular ones and a long
tail (Zipf, s = 1). Meanwhile, as on a busy day at this size: a role expires every 30 seconds
(arranged before the measurement, so nothing is written when it happens), an editor saves a
role or a company every minute, a moderator publishes or takes back a review every two minutes
(the company's rating changes), and readers save a search every 20 seconds. After a warm-up of
--warm-up minutes, every answer's `X-Page-Cache` header is counted. Writes its figures to
docs/performance.md (--output).
"""

import argparse
import hashlib
import itertools
import os
import random
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmarking import database, load, report, urls  # noqa: E402

# Page type: (share of requests, how many distinct URLs readers ask for).
MIX = {
    "role page": (0.34, 20_000),
    "board, random filters": (0.14, 2_000),
    "board, text filter": (0.05, 1_000),
    "/jobs/": (0.06, 1),
    "company page": (0.14, 5_000),
    "directory, random filters": (0.06, 1_000),
    "/companies/": (0.03, 1),
    "home": (0.06, 1),
    "guide": (0.04, 10),
    "tag page": (0.03, 50),
    "search": (0.03, 1_000),
    "feed": (0.02, 500),
}


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=0)
    parser.add_argument("--companies", type=int, default=0)
    parser.add_argument("--minutes", type=float, default=10, help="measured, after the warm-up")
    parser.add_argument("--warm-up", type=float, default=2, help="minutes not counted")
    parser.add_argument("--rate", type=float, default=30, help="reader requests a second")
    parser.add_argument("--output", type=Path, default=ROOT / "docs/performance.md")
    # The page benchmark's other options (make benchmark passes BENCH_ARGS to both) are not ours.
    return parser.parse_known_args(argv)[0]


def population(words: urls.Vocabulary, chance: random.Random) -> dict[str, list[str]]:
    from companies.models import Company
    from jobs.models import Job

    roles = [
        f"/jobs/{slug}/"
        for slug in Job.objects.visible()
        .order_by("?")
        .values_list("slug", flat=True)[: MIX["role page"][1]]
    ]
    companies = [
        f"/companies/{slug}/"
        for slug in Company.objects.listed()
        .order_by("?")
        .values_list("slug", flat=True)[: MIX["company page"][1]]
    ]
    made = {
        "board, random filters": urls.board,
        "board, text filter": urls.board_text,
        "directory, random filters": urls.directory,
        "tag page": urls.tag_page,
        "search": urls.search,
        "feed": urls.feed,
    }
    found = {name: urls.paths(make, chance, words, MIX[name][1]) for name, make in made.items()}
    return {
        **found,
        "role page": roles,
        "company page": companies,
        "/jobs/": ["/jobs/"],
        "/companies/": ["/companies/"],
        "home": ["/"],
        "guide": words.guides[: MIX["guide"][1]],
    }


def zipf_picker(chance: random.Random, paths: list[str]):
    """Draws from `paths` with the k-th most popular asked for in proportion to 1/k."""
    weights = list(itertools.accumulate(1 / k for k in range(1, len(paths) + 1)))
    return lambda: chance.choices(paths, cum_weights=weights)[0]


class Day:
    """The writes of a busy day, from a thread of their own, on their own schedule."""

    def __init__(self):
        self.stop = threading.Event()
        self.done = Counter()

    def arrange_expiries(self, minutes: float) -> None:
        """A role expiring every 30 s from now on, for the whole run: written before it."""
        from django.utils import timezone

        from jobs.models import Job

        now = timezone.now()
        count = int(minutes * 2) + 2
        ids = list(Job.objects.visible().order_by("?").values_list("pk", flat=True)[:count])
        for number, pk in enumerate(ids, start=1):
            Job.objects.filter(pk=pk).update(expires_at=now + timedelta(seconds=30 * number))

    def run(self, admin) -> None:
        from django.db import close_old_connections

        from alerts.models import SavedSearch
        from companies.models import Company, Review
        from jobs.models import Job

        chance = random.Random(11)
        started = time.monotonic()
        schedule = {"editor save": 60, "moderation": 120, "saved search": 20}
        due = {name: started + every for name, every in schedule.items()}
        while not self.stop.wait(0.5):
            now = time.monotonic()
            for name, every in schedule.items():
                if now < due[name]:
                    continue
                due[name] += every
                close_old_connections()
                if name == "editor save":
                    if self.done[name] % 2:
                        company = Company.objects.listed().order_by("?").first()
                        company.tagline = f"{company.tagline.rstrip('.')}."[:200]
                        company.about += f"\n\nUpdated {time.time():.0f}."
                        company.save()
                    else:
                        job = Job.objects.visible().order_by("?").first()
                        job.description += f"\n\nUpdated {time.time():.0f}."
                        job.save()
                elif name == "moderation":
                    review = Review.objects.order_by("?").first()
                    review.status = "rejected" if review.status == "published" else "published"
                    review.save()
                else:
                    SavedSearch.objects.create(
                        user=admin,
                        scope="jobs",
                        name=f"Search {self.done[name]}",
                        query=f"level=l{chance.randint(3, 7)}",
                    )
                self.done[name] += 1


def read(
    base_port: int, pick, seconds: float, rate: float, tally: Counter, lock, stop, pages: dict
) -> None:
    """One reader thread: requests at `rate` a second for `seconds`, counting cache answers.
    A page made again (`changed`) is also counted as `same` when its HTML is what was last
    served for that URL: the cache let it go though nothing on it had changed."""
    client = load.Client(base_port)
    interval = 1 / rate
    deadline = time.monotonic() + seconds
    next_at = time.monotonic()
    try:
        while time.monotonic() < deadline and not stop.is_set():
            kind, path = pick()
            reply = client.get(path)
            answer = reply.headers.get("X-Page-Cache", "none") if reply.status == 200 else "error"
            page = hashlib.blake2b(reply.text()).digest() if reply.status == 200 else None
            with lock:
                tally[(kind, answer)] += 1
                if answer == "changed" and pages.get(path) == page:
                    tally[(kind, "same")] += 1
                pages[path] = page
            next_at += interval
            time.sleep(max(0, next_at - time.monotonic()))
    finally:
        client.close()


def main(argv=None) -> int:
    options = parse(argv)
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        raise SystemExit("Set DATABASE_URL (make benchmark does, through scripts/local.py).")
    name = database.database_name(options.roles, options.companies)
    url = database.with_database(server_url, name)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    if not database.prepare(server_url, name, fresh=False):
        raise SystemExit(f"{name} is not built: run scripts/benchmark.py at this size first.")
    # Migrations that came since it was built apply to it too, as in the page benchmark.
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    chance = random.Random(3)
    words = urls.Vocabulary.read()
    paths = population(words, chance)
    kinds = list(MIX)
    pickers = {kind: zipf_picker(chance, paths[kind]) for kind in kinds}
    shares = list(itertools.accumulate(MIX[kind][0] for kind in kinds))

    def pick():
        kind = chance.choices(kinds, cum_weights=shares)[0]
        return kind, pickers[kind]()

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        machine_line = report.machine(cursor.fetchone()[0].split()[0])
    admin, _ = get_user_model().objects.get_or_create(username="benchmark-day")
    day = Day()
    total_minutes = options.warm_up + options.minutes
    day.arrange_expiries(total_minutes)
    connection.close()
    log = Path("/tmp") / f"{name}-cache-day.log"
    server = load.Server(url, log)
    writer = threading.Thread(target=day.run, args=(admin,))
    lock, stop = threading.Lock(), threading.Event()
    try:
        writer.start()
        readers = 2
        warm, tally, pages = Counter(), Counter(), {}
        for seconds, counts in [(options.warm_up * 60, warm), (options.minutes * 60, tally)]:
            threads = [
                threading.Thread(
                    target=read,
                    args=(
                        server.port,
                        pick,
                        seconds,
                        options.rate / readers,
                        counts,
                        lock,
                        stop,
                        pages,
                    ),
                )
                for _ in range(readers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        day.stop.set()
        writer.join()
        server.stop()
        connection.close()

    errors = sum(n for (_, answer), n in tally.items() if answer == "error")
    if errors:
        raise SystemExit(f"{errors} requests failed; see {log}")
    text = section(options, name, tally, day.done, machine_line)
    print(text)
    report.write(options.output, f"cache-day-{name.removeprefix('ladder_bench_')}", text)
    print(f"\nWritten to {options.output}.")
    return 0


def section(options, name: str, tally: Counter, writes: Counter, machine_line: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM jobs_job), (SELECT count(*) FROM companies_company)"
        )
        roles, companies = cursor.fetchone()
    key = f"cache-day-{name.removeprefix('ladder_bench_')}"

    def share(rows, served=("hit",), asked=("hit", "miss", "changed")) -> str:
        hits = sum(n for (_, answer), n in rows if answer in served)
        total = sum(n for (_, answer), n in rows if answer in asked)
        return f"{hits / total:.1%} of {total:,}" if total else "–"

    def same(rows) -> str:
        made_again = sum(n for (_, answer), n in rows if answer == "changed")
        alike = sum(n for (_, answer), n in rows if answer == "same")
        return f"{alike / made_again:.1%} of {made_again:,}" if made_again else "–"

    lines = [
        "| page type | share of requests | hit rate | hit rate of pages already cached once "
        "| pages made again that were the same |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, (portion, distinct) in MIX.items():
        rows = [(key_, n) for key_, n in tally.items() if key_[0] == kind]
        lines.append(
            f"| {kind} ({distinct:,} URLs) | {portion:.0%} | {share(rows)} "
            f"| {share(rows, asked=('hit', 'changed'))} | {same(rows)} |"
        )
    rows = list(tally.items())
    lines.append(
        f"| **all anonymous pages** | 100% | **{share(rows)}** "
        f"| **{share(rows, asked=('hit', 'changed'))}** | {same(rows)} |"
    )
    body = [
        f"<!-- benchmark:{key} -->",
        f"## The page cache through a busy day: {roles:,} roles, {companies:,} companies",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {machine_line}.",
        "",
        "```sh\n.venv/bin/python scripts/local.py .venv/bin/python "
        f"scripts/benchmarking/cache_day.py --roles {options.roles} --companies "
        f"{options.companies} --minutes {options.minutes:g}\n```",
        "",
        f"Readers at {options.rate:g} requests a second for {options.minutes:g} minutes after "
        f"{options.warm_up:g} of warm-up; meanwhile a role expired every 30 s, and "
        + ", ".join(f"{n} × {what}" for what, n in sorted(writes.items()))
        + " (scripts/benchmarking/cache_day.py says how the day is made). A *miss* is a URL "
        "asked for the first time in the run; a *changed* answer, one whose cached copy was out "
        "of date (what it read had changed). The fourth column leaves out first requests: the "
        "share a day of traffic, in which nearly every URL has been asked before, would see. "
        "The last says how many of the changed answers had the same HTML as the copy they "
        "replaced: pages the cache let go though nothing they show had changed.",
        "",
        *lines,
        f"<!-- /benchmark:{key} -->",
    ]
    return "\n".join(body)


if __name__ == "__main__":
    sys.exit(main())
