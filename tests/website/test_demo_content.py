import pytest
from django.core.management import call_command

from companies.models import (
    MIN_REVIEWS_FOR_RATING,
    Company,
    CompanyTag,
    CultureTag,
    Level,
    Review,
    Stage,
)
from jobs.models import Discipline, Job, Track, Workplace

pytestmark = pytest.mark.django_db


def test_demo_content_is_varied_and_loading_it_twice_adds_nothing():
    call_command("load_demo", verbosity=0)
    counts = (
        Company.objects.count(),
        Review.objects.count(),
        CompanyTag.objects.count(),
        Job.objects.count(),
    )

    call_command("load_demo", verbosity=0)

    assert (
        Company.objects.count(),
        Review.objects.count(),
        CompanyTag.objects.count(),
        Job.objects.count(),
    ) == counts
    assert counts[0] == 60
    assert set(Company.objects.values_list("stage", flat=True)) == set(Stage.values)
    used = set(CompanyTag.objects.values_list("tag__slug", flat=True))
    assert used == set(CultureTag.objects.values_list("slug", flat=True))
    sizes = Company.objects.values_list("employee_count", flat=True)
    assert min(sizes) == 8
    assert max(sizes) == 20000
    rated = Company.objects.filter(review_count__gte=MIN_REVIEWS_FOR_RATING)
    assert rated.filter(rating_career__lt=4).exists()
    assert rated.filter(rating_career__gte=4).exists()
    assert Company.objects.filter(review_count__lt=3).exists()
    assert Review.objects.filter(status="pending").exists()


def test_demo_roles_cover_the_board_and_include_closed_and_expired_ones():
    call_command("load_demo", verbosity=0)

    visible = Job.objects.visible()
    assert 1200 <= Job.objects.count() <= 1800
    assert set(visible.values_list("level", flat=True)) == set(Level.values)
    assert set(visible.values_list("track", flat=True)) == set(Track.values)
    assert set(visible.values_list("discipline", flat=True)) == set(Discipline.values)
    assert set(visible.values_list("workplace", flat=True)) == set(Workplace.values)
    assert Job.objects.filter(status="closed").exists()
    assert Job.objects.expired().filter(status="published").exists()
    listed = visible.filter(salary_min__isnull=False).count()
    assert visible.count() * 0.6 < listed < visible.count()
    hiring = Company.objects.with_open_role_count().filter(open_role_count__gt=0).count()
    assert hiring == Company.objects.filter(jobs__in=visible).distinct().count()
