"""Operations that span the directory's models."""

from collections.abc import Iterable

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db import models, transaction
from django.db.models import Avg, Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from companies.models import (
    RATING_FIELDS,
    Company,
    CompanyTag,
    CompSignal,
    CompTrack,
    Level,
    Review,
    ReviewStatus,
)


def refresh_ratings(company_ids: Iterable[int]) -> None:
    """Recompute each company's review count and average ratings from its published reviews.

    Every change to a review's status, scores or company must be followed by this call for the
    companies involved; the directory filters and sorts on the stored values.
    """
    company_ids = set(company_ids)
    if not company_ids:
        return
    published = Q(reviews__status=ReviewStatus.PUBLISHED)
    aggregates = (
        Company.objects.filter(pk__in=company_ids)
        .annotate(
            published_count=Count("reviews", filter=published),
            **{f"avg_{name}": Avg(f"reviews__{name}", filter=published) for name in RATING_FIELDS},
        )
        .values("pk", "published_count", *[f"avg_{name}" for name in RATING_FIELDS])
    )
    for row in aggregates:
        Company.objects.filter(pk=row["pk"]).update(
            review_count=row["published_count"],
            **{name: _two_places(row[f"avg_{name}"]) for name in RATING_FIELDS},
        )


def _two_places(value):
    return None if value is None else round(value, 2)


def moderate(reviews, status: ReviewStatus) -> int:
    """Set the moderation status of the given reviews and refresh their companies' ratings.

    Returns how many reviews changed.
    """
    with transaction.atomic():
        changing = reviews.exclude(status=status)
        company_ids = set(changing.values_list("company_id", flat=True))
        changed = changing.update(status=status, moderated_at=timezone.now())
        refresh_ratings(company_ids)
    return changed


def sync_tag_slugs(companies) -> None:
    """Store each company's tag slugs on it, for the indexed all-tags filter.

    Call after a company's tags change, or for all of a tag's companies after its slug does.
    """
    slugs = (
        CompanyTag.objects.filter(company=OuterRef("pk"))
        .values("company")
        .annotate(slugs=ArrayAgg("tag__slug", order_by="tag__slug"))
        .values("slugs")
    )
    companies.update(
        tag_slugs=Coalesce(Subquery(slugs), Value([], output_field=ArrayField(models.SlugField())))
    )


def refresh_comp_summary(companies) -> None:
    """Store the L5 IC typical total comp in USD on each company, for the "pay" sort."""
    senior = CompSignal.objects.filter(
        company=OuterRef("pk"), level=Level.L5, track=CompTrack.IC, currency="USD"
    ).values("total_comp")
    companies.update(senior_total_comp_usd=Subquery(senior[:1]))


def delete_review(review: Review) -> None:
    company_id = review.company_id
    with transaction.atomic():
        review.delete()
        refresh_ratings([company_id])
