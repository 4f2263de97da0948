import pytest

from tests.conftest import html, make_company, make_tag

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "tag=no-such-tag",
    "tag=learning&tag=nope&tag=",
    "stage=series-z",
    "rating=abc",
    "rating=4.0&rating=9",
    "size=",
    "page=abc",
    "page=-3",
    "page=99999999999999999999999",
    "page=" + "9" * 5000,
    "q=" + "x" * 1000,
    "q=%00",
    "tag=%00learning",
    "q=%27%3B+DROP+TABLE+companies_company%3B--",
    "q=<script>alert(1)</script>",
    "sort=",
    "sort=name&sort=name",
    "ladder=yes",
    "hiring=on&hiring=on&hiring=off",
    "%ZZ=1&tag=%E2%28%A1",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_bad_input_never_gives_a_server_error(client, query):
    make_tag("learning")
    make_company(tags=[])

    # Empty or inapplicable parameters redirect to the clean URL, which must answer too.
    response = client.get(f"/companies/?{query}", follow=True)

    assert response.status_code in {200, 400}
    assert b"<script>alert(1)</script>" not in response.content


def test_unknown_tags_are_ignored_and_said_so_while_known_ones_apply(client):
    learning = make_tag("learning")
    make_company("Learner", tags=[learning])
    make_company("Other")

    page = html(client.get("/companies/?tag=learning&tag=no-such-tag"))

    assert "Ignored unknown tag “no-such-tag”" in page.select_one(".notice").get_text()
    assert [a.get_text() for a in page.select(".company-card .card__title a")] == ["Learner"]


def test_out_of_range_page_shows_the_last_page_with_a_notice(client):
    make_company()

    page = html(client.get("/companies/?page=40"))

    assert "There is no page 40" in page.select_one(".notice").get_text()


def test_malformed_rating_is_ignored_with_a_notice(client):
    make_company("Any")

    page = html(client.get("/companies/?rating=lots"))

    assert "Ignored unknown career-opportunities rating" in page.select_one(".notice").get_text()
    assert [a.get_text() for a in page.select(".company-card .card__title a")] == ["Any"]


def test_detail_pages_of_unknown_slugs_are_404(client):
    assert client.get("/companies/no-such-company/").status_code == 404
    assert client.get("/companies/tags/no-such-tag/").status_code == 404


def _random_query(chance) -> str:
    """A query string made of the side-by-side pages' own parameters and hostile values."""
    from urllib.parse import quote

    names = ["company", "level", "track", "currency", "add", "company[]", "", "%ZZ"]
    values = [
        "north",
        "south",
        "",
        "nobody",
        "l5",
        "l99",
        "ic",
        "manager",
        "EUR",
        "usd",
        "XXX",
        "0",
        "-1",
        "99999999999999999999",
        "%00",
        "\x00",
        "<script>alert(1)</script>",
        "north' OR 1=1 --",
        "é" * 300,
        "x" * 5000,
        "%E2%28%A1",
        "sout",
        "North",
    ]
    parts = []
    for _ in range(chance.randint(0, 8)):
        value = chance.choice(values)
        parts.append(f"{chance.choice(names)}={value if '%' in value else quote(value)}")
    return "&".join(parts)


@pytest.mark.parametrize("path", ["/companies/compare/", "/companies/levels/", "/companies/pay/"])
def test_side_by_side_pages_answer_any_query_string_without_a_server_error(client, path):
    """Two hundred random query strings each, following redirects: every answer is a page or a
    clear 400, and nothing the reader sent comes back as markup."""
    import random

    from tests.conftest import make_ladder

    for slug in ["north", "south", "southwind"]:
        make_ladder(make_company(slug.title(), slug=slug), [("Engineer", "l4", "l5", "")])
    chance = random.Random(f"side-by-side:{path}")
    for _ in range(200):
        query = _random_query(chance)
        response = client.get(f"{path}?{query}", follow=True)
        assert response.status_code in {200, 400}, query
        assert b"<script>alert(1)</script>" not in response.content, query
