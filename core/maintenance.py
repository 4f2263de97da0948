"""Upkeep the worker does on the site's schedule (alerts.tasks runs it on every run): each app
registers what keeps its machinery short — the change log folded, the search vocabulary's
pending counts added up, a fresh board snapshot published. Each job takes a lock of its own,
so two workers never do the same upkeep at once; a job that fails is logged and the others
still run. Nothing is lost when upkeep does not run, reads only get longer."""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_jobs: dict[str, Callable[[], object]] = {}


def register(name: str, job: Callable[[], object]) -> None:
    _jobs[name] = job


def run() -> dict[str, object]:
    """Run every registered job once; what each returned (None for one that failed)."""
    results: dict[str, object] = {}
    for name, job in _jobs.items():
        try:
            results[name] = job()
        except Exception:  # one failing job must not stop the others, nor the schedule
            logger.exception("Maintenance job %r failed", name)
            results[name] = None
    return results
