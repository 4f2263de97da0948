"""Pay in different currencies and periods compares like with like, through the exchange rates
editors keep in admin."""

import datetime
from decimal import Decimal

import pytest

from companies.models import ExchangeRate
from tests.conftest import html, make_comp_signal, make_company, make_job

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def rates(db):
    """Known rates, whatever the seeded ones are."""
    ExchangeRate.objects.all().delete()
    for currency, units in [("EUR", "0.8"), ("GBP", "0.75"), ("INR", "88")]:
        ExchangeRate.objects.create(currency=currency, units_per_usd=Decimal(units), as_of=AS_OF)


def titles(response) -> list[str]:
    return [a.get_text() for a in html(response).select(".job-row .card__title a")]


def test_highest_salary_compares_every_currency_and_period_in_usd(client):
    make_job(title="USD 315k", salary_min=250_000, salary_max=315_000)
    make_job(title="EUR 315k", salary_currency="EUR", salary_min=250_000, salary_max=315_000)
    make_job(title="INR 9M", salary_currency="INR", salary_min=6_000_000, salary_max=9_000_000)
    # 30,000 a month is 360,000 a year.
    make_job(title="USD 30k a month", salary_min=25_000, salary_max=30_000, salary_period="month")
    make_job(
        title="GBP 80 an hour",
        salary_currency="GBP",
        salary_min=None,
        salary_max=80,
        salary_period="hour",
    )
    make_job(title="Unlisted", salary_min=None, salary_max=None)

    # EUR 315k = USD 393,750; USD 360k; USD 315k; GBP 80 x 2,080 h = USD 221,867; INR 9M =
    # USD 102,273; then roles without a salary.
    assert titles(client.get("/jobs/?sort=salary")) == [
        "EUR 315k",
        "USD 30k a month",
        "USD 315k",
        "GBP 80 an hour",
        "INR 9M",
        "Unlisted",
    ]


def test_minimum_salary_takes_an_amount_in_a_currency_and_compares_converted_pay(client):
    make_job(title="EUR 85-105k", salary_currency="EUR", salary_min=85_000, salary_max=105_000)
    make_job(title="USD 120k", salary_min=100_000, salary_max=120_000)
    make_job(title="GBP 70k", salary_currency="GBP", salary_min=60_000, salary_max=70_000)

    # EUR 100,000 = USD 125,000: EUR 105k (USD 131,250) reaches it, USD 120k does not.
    page = client.get("/jobs/?min_salary=100000&currency=EUR")
    assert titles(page) == ["EUR 85-105k"]
    assert [c.get_text() for c in html(page).select(".chips a.chip--remove")] == [
        "Minimum salary: EUR 100,000 a year"
    ]
    # USD 90,000 without a currency: GBP 70k (USD 93,333) and both others reach it.
    assert sorted(titles(client.get("/jobs/?min_salary=90000"))) == [
        "EUR 85-105k",
        "GBP 70k",
        "USD 120k",
    ]


def test_a_currency_without_an_amount_is_no_filter_and_no_chip(client):
    make_job(title="Any")

    response = client.get("/jobs/?currency=EUR")
    assert response.status_code == 302
    assert response["Location"] == "/jobs/"
    page = html(client.get(response["Location"]))
    assert page.select(".chips") == []
    # Removing the salary chip removes its currency with it.
    page = html(client.get("/jobs/?min_salary=10&currency=EUR"))
    assert page.select_one(".chips a.chip--remove")["href"] == "/jobs/"


def test_a_changed_rate_in_admin_changes_the_order_at_once(editor_client):
    make_job(title="USD 120k", salary_max=120_000)
    make_job(title="EUR 100k", salary_currency="EUR", salary_max=100_000)
    assert titles(editor_client.get("/jobs/?sort=salary")) == ["EUR 100k", "USD 120k"]

    euro = ExchangeRate.objects.get(currency="EUR")
    response = editor_client.post(
        f"/admin/companies/exchangerate/{euro.pk}/change/",
        {"currency": "EUR", "units_per_usd": "0.9", "as_of": "2026-11-20"},
    )

    assert response.status_code == 302
    # EUR 100k is now USD 111,111.
    assert titles(editor_client.get("/jobs/?sort=salary")) == ["USD 120k", "EUR 100k"]
    assert "20 Nov 2026" not in editor_client.get("/jobs/").content.decode()  # GBP, INR older
    assert "2 Nov 2026" in editor_client.get("/jobs/").content.decode()


def test_a_role_shows_its_comp_band_in_its_own_currency_saying_it_was_converted(client):
    company = make_company("Fernhill", slug="fernhill")
    make_comp_signal(company)
    make_job(company, slug="eur-role", salary_currency="EUR", salary_min=85_000, salary_max=105_000)
    make_job(company, slug="usd-role")

    panel = html(client.get("/jobs/eur-role/")).select_one(".culture-context").get_text(" ")
    assert "EUR 120,000–152,000" in panel
    assert "EUR 184,000" in panel
    assert "Converted from USD 150,000–190,000" in panel
    assert "as of 2 Nov 2026" in panel
    panel = html(client.get("/jobs/usd-role/")).select_one(".culture-context").get_text(" ")
    assert "USD 150,000–190,000" in panel
    assert "Converted" not in panel


def test_the_directory_pay_sort_converts_senior_pay_from_any_currency(client):
    def company(name, currency, total):
        row = make_company(name)
        make_comp_signal(
            row, base_min=total // 2, base_max=total // 2, total_comp=total, currency=currency
        )

    company("Euro payer", "EUR", 200_000)  # USD 250,000
    company("Dollar payer", "USD", 220_000)
    company("Pound payer", "GBP", 150_000)  # USD 200,000
    make_company("No comp data")

    page = html(client.get("/companies/?sort=pay"))
    assert [a.get_text() for a in page.select(".company-card .card__title a")] == [
        "Euro payer",
        "Dollar payer",
        "Pound payer",
        "No comp data",
    ]
    assert "as of 2 Nov 2026" in page.get_text()

    # A new rate reorders the directory: the companies follow in the database.
    ExchangeRate.objects.filter(currency="EUR").update(units_per_usd=Decimal("1"))
    page = html(client.get("/companies/?sort=pay"))
    assert [a.get_text() for a in page.select(".company-card .card__title a")][:2] == [
        "Dollar payer",
        "Euro payer",
    ]
