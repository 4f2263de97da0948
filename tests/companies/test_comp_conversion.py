"""A comp signal converted in its query (`converted_to`) and converted after it was read, at
the rates kept in memory (`convert_at`, the role page's way): the same figures and date for
hundreds of random rates, amounts and currencies, a missing rate included."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from companies.models import CompSignal, exchange_rates
from tests.conftest import make_comp_signal, make_company, make_rate

pytestmark = pytest.mark.django_db

CURRENCIES = ["EUR", "GBP", "JPY", "INR", "BRL", "CHF", "SEK"]
LEVELS = ["l3", "l4", "l5", "l6", "l7", "l8"]


def test_converting_after_reading_gives_what_the_query_gives():
    chance = random.Random(27)
    for currency in CURRENCIES[:-1]:  # SEK has no rate
        units = Decimal(chance.randint(1, 200_000_000)) / 1_000_000
        make_rate(
            currency, str(units), as_of=str(date(2026, 9, 1) + timedelta(chance.randint(0, 60)))
        )
    for number in range(60):
        company = make_company(f"Company {number}")
        for level in chance.sample(LEVELS, 5):
            low = chance.randint(10, 400) * 1000 + chance.randint(0, 999)
            make_comp_signal(
                company,
                level=level,
                currency=chance.choice(["USD", *CURRENCIES]),
                base_min=low,
                base_max=low + chance.randint(0, 90_000),
                total_comp=low + chance.randint(90_000, 300_000),
            )
    rates = exchange_rates()
    compared = 0
    for target in ["USD", *CURRENCIES]:
        for row in CompSignal.objects.converted_to(target).order_by("pk"):
            read = CompSignal.objects.get(pk=row.pk).convert_at(rates, target)
            assert read.in_currency() == row.in_currency(), (row.currency, target)
            assert read.conversion_as_of == row.conversion_as_of, (row.currency, target)
            compared += row.in_currency() is not None
    assert compared > 1500  # most pairs have both rates and differ
