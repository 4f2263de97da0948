import re

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import pre_migrate


def migration_timeouts_sql() -> str:
    """What `migrate` runs on its connection before any migration: a migration that cannot
    take its lock at once (a long transaction holds the table) gives up after
    MIGRATION_LOCK_TIMEOUT instead of queueing every reader and writer behind it, and none
    runs longer than MIGRATION_STATEMENT_TIMEOUT."""
    timeouts = {
        "lock_timeout": settings.MIGRATION_LOCK_TIMEOUT,
        "statement_timeout": settings.MIGRATION_STATEMENT_TIMEOUT,
    }
    for name, value in timeouts.items():
        if not re.fullmatch(r"\d+(ms|s|min|h)?", value or ""):
            raise ImproperlyConfigured(
                f"The migrations' {name} must be like 5s or 30min: {value!r}"
            )
    return "\n".join(f"SET {name} = '{value}';" for name, value in timeouts.items())


def _set_migration_timeouts(using, **kwargs):
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(migration_timeouts_sql())


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site machinery"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from core import changes, kept, maintenance
        from core.models import prune_shared_cache

        # What a page request works out once and holds (core.kept.ForTheRequest): the kept
        # tables' versions, the board's index.
        request_started.connect(kept.request_started, dispatch_uid="kept-request-started")
        request_finished.connect(kept.request_finished, dispatch_uid="kept-request-finished")

        maintenance.register("change log", changes.compact)
        maintenance.register("search vocabulary", changes.fold_vocabulary)
        maintenance.register("shared cache", prune_shared_cache)
        maintenance.register("finished tasks", maintenance.prune_finished_tasks)
        maintenance.register("expired sessions", maintenance.prune_expired_sessions)
        # Once per migrate, on its connection (sent for every app: only the first matters).
        pre_migrate.connect(_set_migration_timeouts, sender=self)
