"""Upkeep the worker does on the site's schedule (alerts.tasks runs it on every run): each app
registers what keeps its machinery short — the change log folded, the search vocabulary's
pending counts added up, a fresh board snapshot published. Each job takes a lock of its own,
so two workers never do the same upkeep at once; a job that fails is logged and the others
still run. Nothing is lost when upkeep does not run, reads only get longer.

Apps also register what a worker does when it starts (`register_start`, run by
`manage.py run_worker`): the alerts schedule is started there, so that a deploy needs no
step of its own for it and no reader has to turn alerts on first."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.db.models import Q

logger = logging.getLogger(__name__)

_jobs: dict[str, Callable[[], object]] = {}
# What a worker does when it starts (manage.py run_worker), before it runs any task.
_start: dict[str, Callable[[], object]] = {}


def register(name: str, job: Callable[[], object]) -> None:
    _jobs[name] = job


def register_start(name: str, job: Callable[[], object]) -> None:
    _start[name] = job


# How long the worker's records of finished tasks are kept: mail bodies among them.
KEEP_SUCCESSFUL = timedelta(days=1)
KEEP_FAILED = timedelta(days=30)


def prune_finished_tasks() -> int:
    """Delete the records of tasks that finished long enough ago (KEEP_SUCCESSFUL, or
    KEEP_FAILED for failures, kept longer to look into); how many."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    deleted, _ = DBTaskResult.objects.filter(
        Q(status="SUCCESSFUL", finished_at__lt=now - KEEP_SUCCESSFUL)
        | Q(status="FAILED", finished_at__lt=now - KEEP_FAILED)
    ).delete()
    return deleted


def prune_expired_sessions() -> None:
    """Delete the sessions past their expiry (what `manage.py clearsessions` does)."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def run() -> dict[str, object]:
    """Run every registered job once; what each returned (None for one that failed)."""
    return _run(_jobs)


def run_start() -> dict[str, object]:
    """Run what a worker does when it starts, as `run` does."""
    return _run(_start)


def _run(jobs: dict[str, Callable[[], object]]) -> dict[str, object]:
    results: dict[str, object] = {}
    for name, job in jobs.items():
        try:
            results[name] = job()
        except Exception:  # one failing job must not stop the others, nor the schedule
            logger.exception("Maintenance job %r failed", name)
            results[name] = None
    return results
