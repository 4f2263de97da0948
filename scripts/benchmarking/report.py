"""The results as a Markdown table, and docs/performance.md kept one section per size."""

import math
import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path


def machine(conn_version: str) -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    memory = "unknown memory"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory = f"{int(found.group(1)) / 1024 / 1024:.0f} GiB memory" if found else memory
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory}, {platform.system()} {platform.release()}, "
        f"PostgreSQL {conn_version}, Python {platform.python_version()}; "
        f"load average before the run {load}"
    )


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _rate(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _latencies(timing) -> str:
    percentiles = " / ".join(_ms(timing.percentile(p)) for p in (50, 95, 99))
    return f"{percentiles} ({len(timing.latencies_ms)})"


def table(rows: list[dict], static, static_path: str) -> str:
    """One row per page type: uncached and cached latencies and rates, the rate as a share of
    the static file's, and the page's own queries."""
    lines = [
        "| page | uncached p50 / p95 / p99 ms (requests) | req/s "
        "| cached p50 / p95 / p99 ms (requests) | req/s "
        "| static ÷ page (uncached) | queries (ms in SQL) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        page, uncached, cached = row["page"], row["uncached"], row["cached"]
        ratio = static.per_second / uncached.per_second if uncached.latencies_ms else math.nan
        lines.append(
            f"| {page.name if page.name == page.path else f'{page.name}<br>`{page.path}`'} "
            f"| {_latencies(uncached)} | {_rate(uncached.per_second)} "
            f"| {_latencies(cached)} "
            f"| {_rate(cached.per_second)} "
            f"| {'–' if math.isnan(ratio) else f'{ratio:,.0f}×'} "
            f"| {page.queries} ({_ms(page.query_ms)}) |"
        )
    lines.append(
        f"| static file (whitenoise)<br>`{static_path}` "
        f"| {_latencies(static)} "
        f"| {_rate(static.per_second)} | | | 1× | 0 |"
    )
    return "\n".join(lines)


def first(times: list[tuple[str, float]]) -> str:
    """The first request after gunicorn starts, per path."""
    return "First request after a start (a new gunicorn each, its board loaded from the newest " + (
        "snapshot): " + ", ".join(f"`{path}` {_ms(ms)} ms" for path, ms in times) + "."
    )


def section(*, key, label, counts, command, machine_line, settings, table_text) -> str:
    body = [
        f"<!-- benchmark:{key} -->",
        f"## {label}",
        "",
        f"{counts}. Measured {datetime.now(UTC).date().isoformat()} on {machine_line}.",
        "",
        f"```sh\n{command}\n```",
        "",
        settings,
        "",
        table_text,
        f"<!-- /benchmark:{key} -->",
    ]
    return "\n".join(body)


HEADER = """# Performance

`make benchmark` serves the site with gunicorn exactly as `make run` does (config/gunicorn.py,
production settings, DEBUG off) against a database of its own (`ladder_bench_<roles>_<companies>`
beside the one `make run` uses, grown once and reused), and times every page type over loopback
HTTP. **Uncached** is the first request for each exact URL (other roles, companies or page
numbers, or a `ref` parameter no view reads); **cached** repeats one URL. The static-file row is
a hashed file served by the same gunicorn through whitenoise: the ceiling for a page. Every
request asks for a compressed answer (`Accept-Encoding: gzip, deflate, br`) as browsers and
crawlers do: pages come gzip-compressed, the static file as whitenoise's brotli copy. Latencies
are nearest-rank percentiles of the requests sent (their number in brackets: a slow page
gets fewer within the time limit): of 100 requests, p95 is the sixth slowest and p99 the second
slowest. Each size's section is rewritten by the next run of that size.
"""


def write(path: Path, key: str, text: str) -> None:
    """Put `text` in place of the section for `key` in `path`, or before the first hand-written
    section after the benchmark ones, keeping everything else."""
    current = path.read_text() if path.exists() else HEADER
    pattern = re.compile(
        rf"<!-- benchmark:{re.escape(key)} -->.*?<!-- /benchmark:{re.escape(key)} -->", re.DOTALL
    )
    if pattern.search(current):
        updated = pattern.sub(lambda _: text, current)
    else:
        ends = list(re.finditer(r"<!-- /benchmark:[^>]+ -->", current))
        at = ends[-1].end() if ends else len(current.rstrip())
        updated = f"{current[:at].rstrip()}\n\n{text}\n{current[at:]}"
    path.write_text(updated.rstrip() + "\n")
