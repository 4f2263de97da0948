"""Measure how fast the worker previews a large import, and how much memory it takes.

    make benchmark                                          # after the page benchmark
    .venv/bin/python scripts/local.py .venv/bin/python scripts/benchmarking/imports.py \\
        --rows 100000 [--apply]

Works in a database of its own on DATABASE_URL's server, `ladder_bench_import`, holding the
demo content (built once, then reused). Each run writes a CSV of --rows roles for the demo
companies: one in twenty already on the board (so the preview compares them as updates), one in a
hundred with a level that does not exist (rejected), the rest new, each with a Markdown
description of about 700 characters. It stores the file as an import run and times
`jobs.importing.runs.preview()`, the function the worker runs, in a process of its own (its
peak memory and CPU time are reported); with --apply it then times the valid-rows-only import
too. Roles it created are removed at the start of the
next run. The figures go into docs/performance.md (--output), section "import".
"""

import argparse
import csv
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.benchmarking import database, report  # noqa: E402

NAME = "ladder_bench_import"
SOURCE_PREFIX = "bench-"

LEVELS = ["l3", "l4", "l5", "l6", "l7", "l8"]
DISCIPLINES = ["backend", "frontend", "full-stack", "infrastructure", "platform", "data", "ml"]
CITIES = [("Berlin", "DE"), ("London", "GB"), ("Amsterdam", "NL"), ("Toronto", "CA")]
REGIONS = ["Europe", "Remote - EMEA", "US or Canada", "Anywhere"]
PARAGRAPHS = [
    "You will own a service that **thousands of teams** depend on, from design review to "
    "the on-call rotation, and decide with us what to build next.",
    "We ship small changes many times a day behind flags, review every change within a day, "
    "and write down decisions so the next engineer knows why.",
    "- Design and build APIs with a clear contract\n- Pair on hard problems\n"
    "- Keep the error budget honest",
    "Our stack is Python, PostgreSQL and a little Go; experience with any of them is welcome, "
    "curiosity about all of them is expected.",
]


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--apply", action="store_true", help="also time the import itself")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--output", type=Path, default=ROOT / "docs/performance.md")
    parser.add_argument("--preview-only", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def build(server_url: str, url: str, fresh: bool) -> None:
    from django.core.management import call_command

    complete = database.prepare(server_url, NAME, fresh=fresh)
    call_command("migrate", interactive=False, verbosity=0)
    if not complete:
        call_command("load_demo")
        database.mark_complete(url, NAME)


def csv_file(rows: int, companies: list[str], existing: int, *, updates: bool = True) -> bytes:
    columns = [
        "source_id", "company", "title", "level", "track", "discipline", "workplace", "city",
        "country", "remote_regions", "salary_min", "salary_max", "salary_currency",
        "description", "apply_to", "status",
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for n in range(rows):
        company = companies[n % len(companies)]
        remote = n % 3 == 0
        city, country = CITIES[n % len(CITIES)]
        level = "l9" if n % 100 == 99 else LEVELS[n % len(LEVELS)]
        title = f"{DISCIPLINES[n % len(DISCIPLINES)].title()} Engineer {n}"
        if updates and n < existing and n % 2 == 0:
            title += " (updated)"
        salary = 60_000 + (n % 50) * 2_000
        description = "\n\n".join(PARAGRAPHS[(n + i) % len(PARAGRAPHS)] for i in range(3))
        writer.writerow([
            f"{SOURCE_PREFIX}{n}", company, title, level, "ic",
            DISCIPLINES[n % len(DISCIPLINES)], "remote" if remote else "hybrid",
            "" if remote else city, "" if remote else country,
            REGIONS[n % len(REGIONS)] if remote else "", salary, salary + 30_000, "EUR",
            f"{description}\n\nRole {n}.", f"https://{company}.example/jobs/{n}", "published",
        ])  # fmt: skip
    return buffer.getvalue().encode()


def existing_roles(count: int, companies) -> None:
    """The first `count` rows of the file on the board already, as an earlier import left
    them (half of them with another title, so the preview finds updates), by the import's own
    code path."""
    from jobs.importing import runs
    from jobs.models import ImportMode, ImportRun

    data = csv_file(count, companies, count, updates=False)
    run = ImportRun.objects.create(filename="existing.csv", format="csv", data=data, size=len(data))
    runs.preview(run.pk)
    runs.confirm(run, ImportMode.VALID_ONLY)
    run = runs.apply(run.pk)
    if run.status != "imported":
        raise SystemExit(f"Putting roles on the board failed: {run.error}")


def peak_rss_mb() -> float:
    """This process's peak resident memory. From /proc where there is one: getrusage's
    figure survives exec, so a child would report its parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def preview_only(run_pk: int) -> None:
    """Preview one stored run and print its wall and CPU seconds and peak memory."""
    from jobs.importing import runs

    before = peak_rss_mb()
    started, cpu_started = time.monotonic(), time.process_time()
    run = runs.preview(run_pk)
    if run.status != "previewed":
        raise SystemExit(f"The preview failed: {run.error}")
    print(time.monotonic() - started, time.process_time() - cpu_started, before, peak_rss_mb())


def main(argv=None) -> int:
    options = parse(argv)
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        raise SystemExit("Set DATABASE_URL (make benchmark does, through scripts/local.py).")
    url = server_url if options.preview_only else database.with_database(server_url, NAME)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Long enough for any size this is asked to measure: the figure is the point.
    os.environ["DJANGO_IMPORT_TIME_LIMIT"] = "3600"
    import django

    django.setup()
    from django.db import connection

    from jobs.importing import runs
    from jobs.models import ImportMode, ImportRun, Job

    if options.preview_only:
        preview_only(options.preview_only)
        return 0
    build(server_url, url, options.fresh)
    Job.objects.filter(source_id__startswith=SOURCE_PREFIX).delete()
    ImportRun.objects.all().delete()
    companies = sorted(Job.objects.values_list("company__slug", flat=True).distinct())
    existing = options.rows // 20
    data = csv_file(options.rows, companies, existing)
    print(f"{options.rows:,} rows, {len(data) / 1024 / 1024:.1f} MB of CSV.", flush=True)
    started = time.monotonic()
    existing_roles(existing, companies)
    print(f"  {existing:,} of them put on the board in {time.monotonic() - started:.0f} s.")

    run = ImportRun.objects.create(
        filename="benchmark.csv", format="csv", data=data, size=len(data)
    )
    load_before = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    connection.close()
    # In a process of its own, as in the worker: its peak memory and CPU time are the preview's.
    measured = subprocess.run(
        [sys.executable, __file__, "--preview-only", str(run.pk)],
        check=True,
        capture_output=True,
        text=True,
    )
    preview_s, preview_cpu, memory_before, memory_peak = map(float, measured.stdout.split()[-4:])
    run.refresh_from_db()
    if run.status != "previewed":
        raise SystemExit(f"The preview failed: {run.error}")
    print(
        f"  preview: {preview_s:.1f} s ({options.rows / preview_s:,.0f} rows/s, "
        f"{preview_cpu:.1f} s of CPU in this process; load average {load_before}): "
        f"{run.to_create:,} to create, {run.to_update:,} to update, {run.unchanged:,} "
        f"unchanged, {run.rejected:,} rejected; peak memory {memory_peak:.0f} MB "
        f"({memory_before:.0f} MB before)",
        flush=True,
    )
    lines = [
        "| step | rows | seconds | rows/s | CPU seconds of the worker's process |",
        "| --- | --- | --- | --- | --- |",
        f"| preview | {options.rows:,} | {preview_s:.1f} | {options.rows / preview_s:,.0f} "
        f"| {preview_cpu:.1f} |",
    ]
    if options.apply:
        runs.confirm(run, ImportMode.VALID_ONLY)
        started, cpu_started = time.monotonic(), time.process_time()
        run = runs.apply(run.pk)
        apply_s = time.monotonic() - started
        apply_cpu = time.process_time() - cpu_started
        print(
            f"  import (valid rows only): {apply_s:.1f} s: {run.created:,} created, "
            f"{run.updated:,} updated, {run.skipped:,} skipped",
            flush=True,
        )
        lines.append(
            f"| import, valid rows only | {options.rows:,} | {apply_s:.1f} "
            f"| {options.rows / apply_s:,.0f} | {apply_cpu:.1f} |"
        )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    args = sys.argv[1:] if argv is None else argv
    text = "\n".join(
        [
            "<!-- benchmark:import -->",
            "## Imports: the worker's preview",
            "",
            f"A CSV of {options.rows:,} roles ({len(data) / 1024 / 1024:.1f} MB; "
            f"{run.to_create:,} new, {run.to_update:,} updates of roles already on the board, "
            f"{run.rejected:,} rejected) previewed by `jobs.importing.runs.preview()`, the "
            "function the worker runs, in a process of its own (`scripts/benchmarking/imports.py`). Measured "
            f"{time.strftime('%Y-%m-%d')} on {report.machine(version)}. Peak memory of the "
            f"process: {memory_peak:.0f} MB ({memory_before:.0f} MB when Django was loaded). "
            "On a shared machine the seconds grow with the load average (the preview waits for "
            "a CPU); the CPU seconds are what it costs.",
            "",
            "```sh\n.venv/bin/python scripts/local.py .venv/bin/python "
            f"scripts/benchmarking/imports.py {' '.join(args)}".rstrip()
            + "\n```",
            "",
            *lines,
            "<!-- /benchmark:import -->",
        ]
    )
    report.write(options.output, "import", text)
    print(f"Wrote the figures to {options.output}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
