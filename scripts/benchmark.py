"""Measure how fast Ladder's pages answer, over real HTTP.

    make benchmark                      # against the demo data, through gunicorn
    make benchmark BENCH_ARGS="--roles 200000 --requests 30"

Starts gunicorn with production settings on a free port (unless --url points at a running
site), optionally grows the job board to --roles roles first (copies of the demo roles, so the
board, facets, search and the admin change list can be measured at scale), then requests each
page --requests times after a warm-up and prints median, 95th percentile and worst latency.
Run it inside scripts/local.py, as `make benchmark` does, for the embedded PostgreSQL.
"""

import argparse
import copy
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "/",
    "/guides/",
    "/guides/how-to-become-a-tech-lead/",
    "/companies/",
    "/companies/?tag=engineering-driven&tag=learning&ladder=on&blog=on&rating=4.0",
    "/companies/tags/learning/",
    "/jobs/",
    "/jobs/?tag=engineering-driven&workplace=remote&level=l5&sort=salary",
    "/jobs/?country=DE&workplace=remote",
    "/jobs/?page=20",
    "/jobs/feed/?workplace=remote",
    "/search/?q=platform+engineer",
    "/search/?q=kubernets",
    "/sitemap.xml",
]


def grow_roles(target: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from jobs.models import Job

    existing = Job.objects.count()
    if existing >= target:
        return
    templates = list(Job.objects.all()[:2000])
    batch = []
    for number in range(existing, target):
        template = templates[number % len(templates)]
        job = copy.copy(template)
        job.pk = None
        job.slug = f"bench-{number}-{template.slug}"[:200]
        job.source_id = f"bench-{number}"
        batch.append(job)
        if len(batch) == 5000:
            Job.objects.bulk_create(batch)
            batch = []
    Job.objects.bulk_create(batch)
    print(f"Grew the board from {existing:,} to {target:,} roles.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def time_page(url: str, requests: int) -> list[float]:
    urllib.request.urlopen(url, timeout=60).read()
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running site; default: start gunicorn")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--roles", type=int, default=0, help="grow the board to this many")
    options = parser.parse_args()

    if options.roles:
        grow_roles(options.roles)

    server = None
    base = options.url
    if not base:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "config/gunicorn.py",
             "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
             "--log-level", "warning"],
            cwd=ROOT,
        )  # fmt: skip
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
    try:
        print(f"{'page':<80} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for page in PAGES:
            timings = sorted(time_page(base + page, options.requests))
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            print(f"{page:<80} {statistics.median(timings):8.1f} {p95:8.1f} {timings[-1]:8.1f}")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
