import pytest
from django.core.management import call_command

from companies.models import Company, CompanyTag, CultureTag, Review, Stage

pytestmark = pytest.mark.django_db


def test_demo_content_is_varied_and_loading_it_twice_adds_nothing():
    call_command("load_demo", verbosity=0)
    counts = (Company.objects.count(), Review.objects.count(), CompanyTag.objects.count())

    call_command("load_demo", verbosity=0)

    assert (Company.objects.count(), Review.objects.count(), CompanyTag.objects.count()) == counts
    assert counts[0] == 60
    assert set(Company.objects.values_list("stage", flat=True)) == set(Stage.values)
    used = set(CompanyTag.objects.values_list("tag__slug", flat=True))
    assert used == set(CultureTag.objects.values_list("slug", flat=True))
    sizes = Company.objects.values_list("employee_count", flat=True)
    assert min(sizes) == 8
    assert max(sizes) == 20000
    rated = Company.objects.rated()
    assert rated.filter(rating_career__lt=4).exists()
    assert rated.filter(rating_career__gte=4).exists()
    assert Company.objects.filter(review_count__lt=3).exists()
    assert Review.objects.filter(status="pending").exists()
