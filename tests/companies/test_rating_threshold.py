"""One threshold for ratings everywhere: a company with too few reviews shows no rating, matches
no rating filter and ranks after every company that shows one."""

import pytest

from companies.models import MIN_REVIEWS_FOR_RATING
from tests.conftest import give_reviews, html, make_company

pytestmark = pytest.mark.django_db


def test_the_rating_sort_ranks_thin_ratings_after_shown_ones(client):
    give_reviews(make_company("One glowing review"), 1, career=5)
    give_reviews(make_company("Well reviewed"), MIN_REVIEWS_FOR_RATING, career=4)
    give_reviews(make_company("Modestly reviewed"), MIN_REVIEWS_FOR_RATING, career=3)
    make_company("Unreviewed")

    page = html(client.get("/companies/"))

    cards = page.select(".company-card")
    assert [card.select_one(".card__title a").get_text() for card in cards] == [
        "Well reviewed",
        "Modestly reviewed",
        "One glowing review",
        "Unreviewed",
    ]
    assert "Not enough reviews yet" in cards[2].get_text()
    assert "Not enough reviews yet" not in cards[0].get_text()


def test_the_home_page_ranks_by_the_same_rule(client):
    give_reviews(make_company("One glowing review", ladder_names_tech_lead=True), 1, career=5)
    give_reviews(
        make_company("Well reviewed", ladder_names_tech_lead=True), MIN_REVIEWS_FOR_RATING, career=4
    )

    page = html(client.get("/"))

    names = [a.get_text() for a in page.select("[aria-labelledby=home-companies] li a")]
    assert names == ["Well reviewed", "One glowing review"]


def test_the_rating_filter_and_the_badge_agree(client):
    give_reviews(make_company("One glowing review"), 1, career=5)
    give_reviews(make_company("Well reviewed"), MIN_REVIEWS_FOR_RATING, career=5)

    page = html(client.get("/companies/?rating=4.5"))

    assert [a.get_text() for a in page.select(".company-card .card__title a")] == ["Well reviewed"]
