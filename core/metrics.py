"""Prometheus metrics (prometheus-client), served at /metrics to the machine itself.

Counted as requests are answered (core.middleware.RequestLogMiddleware, core.pagecache):
- `ladder_request_seconds{view, method, status}`: how long each answer took, by the URL
  pattern's name (`jobs:list`; `unmatched` for what matched none, so that no client can make
  up labels), with `ladder_request_database_seconds{view}` of it spent in the database;
- `ladder_page_cache_total{result}`: hit, miss or changed.

Read from the database when scraped (`State`): the workers alive, the tasks due and how long the
oldest has waited (core.workers), and whatever the apps register with `register_gauges`
(alerts: digests by status).

With several gunicorn workers each process counts its own; gunicorn's configuration sets
PROMETHEUS_MULTIPROC_DIR, where prometheus-client keeps every process's counts, and /metrics
adds them up (config/gunicorn.py). Without it (tests, `make dev`) the process's own are served.
"""

import os
from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

REQUEST_SECONDS = Histogram(
    "ladder_request_seconds",
    "Time to answer a request, by view, method and status.",
    ["view", "method", "status"],
    buckets=SECONDS,
)
REQUEST_DATABASE_SECONDS = Histogram(
    "ladder_request_database_seconds",
    "Time a request spent in the database, by view.",
    ["view"],
    buckets=SECONDS,
)
PAGE_CACHE = Counter(
    "ladder_page_cache", "Anonymous pages asked of the page cache, by result.", ["result"]
)

# name -> (help, a function returning {label value: number}, the label's name)
_gauges: dict[str, tuple[str, Callable[[], dict[str, float]], str]] = {}


def register_gauges(name: str, help: str, label: str, read: Callable[[], dict[str, float]]):
    """Add a gauge read from the database at each scrape: `read()` gives a number per value of
    `label` (alerts: `ladder_alert_digests{status}`)."""
    _gauges[name] = (help, read, label)


def observe_request(request, status: int, seconds: float, database_seconds: float) -> None:
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match is not None and match.view_name else "unmatched"
    method = request.method if request.method in ("GET", "HEAD", "POST") else "other"
    REQUEST_SECONDS.labels(view, method, str(status)).observe(seconds)
    REQUEST_DATABASE_SECONDS.labels(view).observe(database_seconds)


class State:
    """The gauges read from the database when /metrics is asked for."""

    def collect(self) -> Iterable[GaugeMetricFamily]:
        from core import workers

        work = workers.state()
        yield GaugeMetricFamily("ladder_workers_alive", "Background workers alive.", work.workers)
        yield GaugeMetricFamily("ladder_tasks_due", "Tasks due to run, not yet started.", work.due)
        yield GaugeMetricFamily(
            "ladder_tasks_oldest_due_seconds",
            "How long the oldest task due to run has waited.",
            work.oldest_due_seconds,
        )
        for name, (help, read, label) in _gauges.items():
            family = GaugeMetricFamily(name, help, labels=[label])
            for value, number in sorted(read().items()):
                family.add_metric([value], number)
            yield family


def exposition() -> bytes:
    """Every metric, in Prometheus' text format: all processes' counts where they are kept
    together (PROMETHEUS_MULTIPROC_DIR), this process's otherwise."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for collector in (REQUEST_SECONDS, REQUEST_DATABASE_SECONDS, PAGE_CACHE):
            registry.register(collector)
    registry.register(State())
    return generate_latest(registry)
