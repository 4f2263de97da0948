"""The filtered lists' URLs carry only what applies, and each option's count says what
choosing it will do."""

import re

import pytest

from tests.conftest import html, make_company, make_job, make_tag

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("/companies/?q=&size=&remote=&rating=&sort=rating", "/companies/"),
        ("/companies/?q=&tag=learning&stage=seed&page=1", "/companies/?tag=learning&stage=seed"),
        ("/companies/?tag=learning&tag=learning", "/companies/?tag=learning"),
        ("/companies/?utm_source=mail&sort=name", "/companies/?sort=name"),
        ("/jobs/?q=&level=l5&min_salary=&currency=USD&sort=newest", "/jobs/?level=l5"),
        ("/jobs/?q=+backend+&page=", "/jobs/?q=backend"),
    ],
)
def test_empty_and_inapplicable_parameters_redirect_to_the_clean_url(client, url, clean):
    make_tag("learning")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == clean
    assert client.get(clean).status_code == 200


@pytest.mark.parametrize(
    "url", ["/companies/", "/companies/?tag=learning&sort=name&page=2", "/jobs/?min_salary=1"]
)
def test_clean_urls_answer_without_a_redirect(client, url):
    make_tag("learning")
    assert client.get(url).status_code == 200


def test_an_invalid_value_is_not_redirected_away_but_explained(client):
    make_tag("learning")
    make_company("Learner", tags=[make_tag("other")])

    response = client.get("/companies/?q=&stage=series-z")

    assert response.status_code == 200
    assert "Ignored unknown stage “series-z”" in html(response).select_one(".notice").get_text()


def test_the_filter_form_drops_empty_fields_with_a_static_script(client):
    page = html(client.get("/jobs/"))
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(src.startswith("/static/js/filters") for src in scripts)
    assert page.select("script:not([src]):not([type='application/ld+json'])") == []


def shown(page, name, value) -> str:
    box = page.find("input", attrs={"name": name, "value": value})
    return box.find_parent("label").select_one(".facet__count").contents[0]


def result_count(client, url) -> int:
    text = html(client.get(url)).select_one(".result-count").get_text()
    return int(re.match(r"[\d,]+", text).group().replace(",", ""))


def test_each_option_says_what_choosing_it_gives(client):
    learning = make_tag("learning")
    tagged = make_company(tags=[learning])
    remote = {"workplace": "remote", "city": "", "remote_regions": ["europe"]}
    for _ in range(3):
        make_job(tagged, level="l5", **remote)
    for _ in range(2):
        make_job(tagged, level="l6", **remote)
    make_job(tagged, level="l6")
    make_job(make_company(), level="l6", **remote)

    base = "/jobs/?tag=learning&workplace=remote&level=l5"
    page = html(client.get(base))
    total = result_count(client, base)
    assert total == 3

    # L6 adds its two roles to the L5 ones: the page will show five.
    assert shown(page, "level", "l6") == "+2"
    assert result_count(client, base + "&level=l6") == total + 2
    # No role at L3 matches: the option is there but cannot be chosen.
    l3 = page.find("input", attrs={"name": "level", "value": "l3"})
    assert l3.has_attr("disabled")
    assert shown(page, "level", "l3") == "+0"
    # A group with nothing chosen counts what choosing gives.
    assert shown(page, "track", "ic") == "3"
    # The chosen option is never disabled.
    assert not page.find("input", attrs={"name": "level", "value": "l5"}).has_attr("disabled")


def test_directory_options_that_would_show_nothing_are_disabled(client):
    make_company("Seed co", stage="seed")

    page = html(client.get("/companies/"))

    assert not page.find("input", attrs={"name": "stage", "value": "seed"}).has_attr("disabled")
    assert page.find("input", attrs={"name": "stage", "value": "public"}).has_attr("disabled")
    assert page.find("input", attrs={"name": "ladder", "value": "on"}).has_attr("disabled")


def test_tags_must_all_match_so_their_counts_are_totals_not_additions(client):
    learning, driven = make_tag("learning"), make_tag("engineering-driven")
    for company in [
        make_company("Both", tags=[learning, driven]),
        make_company("Learning only", tags=[learning]),
        make_company("Driven only", tags=[driven]),
    ]:
        make_job(company)

    for base in ["/companies/?tag=learning", "/jobs/?tag=learning"]:
        page = html(client.get(base))
        assert shown(page, "tag", "engineering-driven") == "1", base
        assert result_count(client, base + "&tag=engineering-driven") == 1
