import pytest
from django.db import IntegrityError, transaction

from companies.models import CompSignal
from tests.conftest import make_company, make_review

pytestmark = pytest.mark.django_db


def test_review_scores_outside_one_to_five_cannot_be_stored():
    company = make_company()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_review(company, rating_career=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_review(company, rating_overall=0)


def test_comp_rows_need_min_below_max_and_one_row_per_level_and_track():
    company = make_company()
    row = {"company": company, "level": "l5", "track": "ic", "as_of": "2026-01-01"}
    with pytest.raises(IntegrityError), transaction.atomic():
        CompSignal.objects.create(**row, base_min=200, base_max=100, total_comp=300)
    CompSignal.objects.create(**row, base_min=100, base_max=200, total_comp=300)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompSignal.objects.create(**row, base_min=100, base_max=200, total_comp=300)
