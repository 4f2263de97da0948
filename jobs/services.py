"""Operations on roles that reach beyond one role: state changes in bulk, and keeping the
directory's open-role data current."""

from collections.abc import Iterable

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db import models, transaction
from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from companies.models import Company
from jobs.models import Job, JobStatus


def refresh_open_roles(company_ids: Iterable[int]) -> None:
    """Write each company's open-role expiry times, which the directory counts and filters on.

    Call after any change to a role's status, dates or company.
    """
    company_ids = set(company_ids)
    if not company_ids:
        return
    open_roles = Job.objects.filter(
        company=OuterRef("pk"), status=JobStatus.PUBLISHED, expires_at__gt=timezone.now()
    ).values("company")
    Company.objects.filter(pk__in=company_ids).update(
        open_role_expiries=Coalesce(
            Subquery(
                open_roles.annotate(e=ArrayAgg("expires_at", order_by="expires_at")).values("e")
            ),
            Value([], output_field=ArrayField(models.DateTimeField())),
        ),
        open_roles_until=Subquery(open_roles.annotate(m=Max("expires_at")).values("m")),
    )


def _apply(jobs, change) -> int:
    with transaction.atomic():
        changed = 0
        company_ids = set()
        for job in jobs.select_for_update():
            before = (job.status, job.published_at, job.expires_at)
            change(job)
            if (job.status, job.published_at, job.expires_at) != before:
                job.save(update_fields=["status", "published_at", "expires_at", "updated_at"])
                changed += 1
                company_ids.add(job.company_id)
        refresh_open_roles(company_ids)
    return changed


def publish(jobs) -> int:
    """Publish the given roles (expiring 60 days on unless they have a later date)."""
    now = timezone.now()
    return _apply(jobs, lambda job: job.publish(now))


def unpublish(jobs) -> int:
    return _apply(jobs, Job.unpublish)


def close(jobs) -> int:
    return _apply(jobs, Job.close)


def extend(jobs, days: int) -> int:
    now = timezone.now()
    return _apply(jobs, lambda job: job.extend(days, now))
