"""A company's derived values — review count and ratings, tag slugs, senior pay, size band and
the HTML of its Markdown — stay right whichever door writes: the ORM's every method, raw SQL,
the admin's forms and actions. Each test then reads the page that shows the value."""

import pytest
from django.db import IntegrityError, connection, transaction

from companies.models import RATING_FIELDS, Company, CompanyTag, CompSignal, CultureTag, Review
from tests.conftest import (
    admin_form_data,
    html,
    make_comp_signal,
    make_company,
    make_rate,
    make_review,
    make_tag,
)

pytestmark = pytest.mark.django_db


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def review_summary(client, company) -> str:
    """What the company page says about its reviews."""
    page = html(client.get(company.get_absolute_url()))
    section = page.find(id="ratings-heading").find_parent("section")
    return " ".join(section.get_text().split())


def stored(company) -> Company:
    return Company.objects.get(pk=company.pk)


def new_review(company, **fields) -> Review:
    defaults = {
        "headline": "Solid",
        "pros": "Pros.",
        "cons": "Cons.",
        "reviewer_role": "Engineer",
        "employment_status": "current",
        "status": "published",
        **dict.fromkeys(RATING_FIELDS, 4),
    }
    return Review(company=company, **{**defaults, **fields})


# Ratings, through the ORM.


def test_ratings_follow_create_save_and_delete(client):
    company = make_company("Acme", slug="acme")
    reviews = [make_review(company, rating_career=career) for career in (3, 4, 5)]
    assert (stored(company).review_count, stored(company).rating_career) == (3, 4)
    assert "From 3 published reviews" in review_summary(client, company)

    reviews[0].status = "rejected"
    reviews[0].save()
    assert (stored(company).review_count, stored(company).rating_career) == (2, 4.5)

    reviews[1].delete()
    assert stored(company).review_count == 1
    assert "Not enough reviews yet" in review_summary(client, company)


def test_ratings_follow_queryset_update_delete_and_bulk_create():
    company = make_company()
    Review.objects.bulk_create([new_review(company, rating_career=5) for _ in range(4)])
    assert (stored(company).review_count, stored(company).rating_career) == (4, 5)

    Review.objects.filter(company=company).update(rating_career=2)
    assert stored(company).rating_career == 2

    Review.objects.filter(company=company)[:1].get().delete()
    Review.objects.filter(pk__in=Review.objects.filter(company=company).values("pk")[:2]).delete()
    assert stored(company).review_count == 1

    Review.objects.filter(company=company).moderate("pending")
    assert (stored(company).review_count, stored(company).rating_career) == (0, None)


def test_moving_a_review_to_another_company_updates_both():
    first, second = make_company(), make_company()
    review = make_review(first)
    Review.objects.filter(pk=review.pk).update(company=second)
    assert (stored(first).review_count, stored(second).review_count) == (0, 1)


def test_ratings_follow_raw_sql():
    company = make_company()
    review = make_review(company, rating_career=5)
    sql("UPDATE companies_review SET rating_career = 1 WHERE id = %s", [review.pk])
    assert stored(company).rating_career == 1
    sql("DELETE FROM companies_review WHERE id = %s", [review.pk])
    assert (stored(company).review_count, stored(company).rating_career) == (0, None)


def test_a_derived_column_cannot_be_written_directly():
    company = make_company()
    make_review(company)
    Company.objects.filter(pk=company.pk).update(review_count=99, rating_career=1)
    sql("UPDATE companies_company SET tag_slugs = '{made-up}' WHERE id = %s", [company.pk])
    assert (stored(company).review_count, stored(company).rating_career) == (1, 4)
    assert stored(company).tag_slugs == []


# Ratings, through the admin.


def test_ratings_follow_the_review_admins_change_form_and_delete(editor_client, client):
    company = make_company("Acme", slug="acme")
    reviews = [make_review(company) for _ in range(3)]
    url = f"/admin/companies/review/{reviews[0].pk}/change/"
    data = admin_form_data(editor_client, url)
    data["status"] = "rejected"

    assert editor_client.post(url, data).status_code == 302
    assert "Not enough reviews yet" in review_summary(client, company)

    editor_client.post(f"/admin/companies/review/{reviews[1].pk}/delete/", {"post": "yes"})
    assert stored(company).review_count == 1


# Tag slugs.


def test_tag_slugs_follow_company_tags_through_every_door(client):
    learning, flat = make_tag("learning"), make_tag("flat-hierarchy")
    company = make_company("Tagged", slug="tagged")

    CompanyTag.objects.create(company=company, tag=learning)
    assert stored(company).tag_slugs == ["learning"]
    CompanyTag.objects.bulk_create([CompanyTag(company=company, tag=flat)])
    assert stored(company).tag_slugs == ["flat-hierarchy", "learning"]
    assert "Tagged" in client.get("/companies/?tag=learning&tag=flat-hierarchy").text

    CompanyTag.objects.filter(tag=flat).delete()
    assert stored(company).tag_slugs == ["learning"]
    sql("DELETE FROM companies_companytag WHERE company_id = %s", [company.pk])
    assert stored(company).tag_slugs == []
    assert "Tagged" not in client.get("/companies/?tag=learning").text


def test_renaming_a_tag_in_admin_renames_it_on_its_companies(editor_client, client):
    tag = make_tag("learn", name="Learning")
    company = make_company("Tagged", slug="tagged", tags=[tag])
    url = f"/admin/companies/culturetag/{tag.pk}/change/"
    data = admin_form_data(editor_client, url)
    data["slug"] = "learning"

    assert editor_client.post(url, data).status_code == 302
    assert stored(company).tag_slugs == ["learning"]
    assert "Tagged" in client.get("/companies/?tag=learning").text

    CultureTag.objects.filter(pk=tag.pk).update(slug="growth")
    assert stored(company).tag_slugs == ["growth"]


# Senior pay summary.


def test_senior_pay_follows_comp_rows_and_exchange_rates():
    def stored(company):
        """The company as the directory reads it: senior pay converted to USD when read."""
        return Company.objects.with_senior_pay_usd().get(pk=company.pk)

    euro = make_rate("EUR", "0.8")
    company = make_company()
    signal = make_comp_signal(company, base_max=180_000, total_comp=210_000, as_of="2026-01-01")
    assert stored(company).senior_total_comp_usd == 210_000
    CompSignal.objects.filter(pk=signal.pk).update(currency="EUR")
    assert stored(company).senior_total_comp_usd == 262_500
    # A new rate, from any door, converts again.
    sql("UPDATE companies_exchangerate SET units_per_usd = 1.05 WHERE currency = 'EUR'")
    assert stored(company).senior_total_comp_usd == 200_000
    # Without a rate, there is nothing to compare.
    euro.delete()
    assert stored(company).senior_total_comp_usd is None
    sql("UPDATE companies_compsignal SET currency = 'USD', total_comp = 220000")
    assert stored(company).senior_total_comp_usd == 220_000
    signal.delete()
    assert stored(company).senior_total_comp_usd is None


# Size band.


@pytest.mark.parametrize(
    ("employees", "band"), [(1, "1-10"), (10, "1-10"), (11, "11-50"), (5000, "1001-5000")]
)
def test_the_size_band_follows_the_headcount_whichever_door_writes(employees, band, client):
    company = make_company("Sized", slug="sized", employee_count=3)
    Company.objects.filter(pk=company.pk).update(employee_count=employees)
    assert stored(company).size_band == band
    sql("UPDATE companies_company SET employee_count = 6000 WHERE id = %s", [company.pk])
    assert stored(company).size_band == "5001+"
    assert "Sized" in client.get("/companies/?size=5001%2B").text


# The HTML of the Markdown.


def test_about_html_is_rendered_on_save_and_bulk_writes(client):
    company = make_company("Acme", slug="acme", about="We *ship*.")
    assert "<em>ship</em>" in stored(company).about_html

    company.about = "We **test**."
    company.save(update_fields=["about"])
    assert "<strong>test</strong>" in stored(company).about_html

    company.about = "We `deploy`."
    Company.objects.bulk_update([company], ["about"])
    assert "<code>deploy</code>" in client.get("/companies/acme/").text

    [created] = Company.objects.bulk_create(
        [
            Company(
                name="Bulk",
                slug="bulk",
                tagline="Bulk.",
                about="In *bulk*.",
                remote_policy="hybrid",
                industry="data",
                stage="seed",
                employee_count=5,
            )
        ]
    )
    assert "<em>bulk</em>" in stored(created).about_html


def test_update_of_markdown_is_refused_and_raw_sql_cannot_bypass_it():
    company = make_company(about="Before.")
    with pytest.raises(TypeError, match="cannot change about"):
        Company.objects.filter(pk=company.pk).update(about="After.")
    with pytest.raises(IntegrityError, match="company_html_rendered"), transaction.atomic():
        sql("UPDATE companies_company SET about = 'After.' WHERE id = %s", [company.pk])
    assert stored(company).about == "Before."


def test_a_tags_explanation_is_rendered_from_the_admin_form(editor_client, client):
    tag = make_tag("learning", name="Learning", explanation="Old.")
    url = f"/admin/companies/culturetag/{tag.pk}/change/"
    data = admin_form_data(editor_client, url)
    data["explanation"] = "Teams *invest* in people."

    assert editor_client.post(url, data).status_code == 302
    assert html(client.get("/companies/tags/learning/")).select_one(".prose em").text == "invest"
    with pytest.raises(TypeError):
        CultureTag.objects.update(explanation="x")


def test_the_size_band_rule_is_the_same_in_python_and_in_the_database():
    from companies.models import SizeBand

    company = make_company()
    for employees in [1, 10, 11, 50, 51, 200, 201, 1000, 1001, 5000, 5001, 90000]:
        company.employee_count = employees
        company.save()
        assert stored(company).size_band == SizeBand.of(employees), employees
