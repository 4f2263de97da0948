"""A guide, company, role or tag shared on social media shows a card of its own
(core/social.py): a page only names it, and it is drawn once for each version of what it says,
when first asked for."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests.conftest import html, make_company, make_guide, make_job, make_tag

pytestmark = pytest.mark.django_db


def card(client, path: str) -> tuple[str, str]:
    page = html(client.get(path))
    image = page.select_one('meta[property="og:image"]')["content"]
    assert page.select_one('meta[name="twitter:image"]')["content"] == image
    return image.removeprefix("http://testserver"), page.select_one(
        'meta[property="og:image:alt"]'
    )["content"]


def drawn() -> set[str]:
    return set(default_storage.listdir("social")[1]) if default_storage.exists("social") else set()


def test_each_page_has_its_own_card_drawn_once_per_change(client, author):
    tag = make_tag("learning", name="Learning")
    company = make_company("Fernhill", slug="fernhill", tags=[tag])
    job = make_job(company, title="Staff Platform Engineer")
    guide = make_guide(author, slug="leads", title="How to lead")
    pages = {
        "/": None,
        guide.get_absolute_url(): "Guide: How to lead",
        company.get_absolute_url(): "Company: Fernhill",
        job.get_absolute_url(): "Role: Staff Platform Engineer at Fernhill",
        "/companies/tags/learning/": "Culture tag: Learning",
    }
    before = drawn()
    cards = {path: card(client, path) for path in pages}
    assert drawn() == before  # showing a page draws nothing
    assert {path: alt for path, (_, alt) in cards.items() if pages[path]} == {
        path: alt for path, alt in pages.items() if alt
    }
    images = [image for image, _ in cards.values()]
    assert len(set(images)) == len(images)  # one each, and none the site's own
    for path, (image, _) in cards.items():
        if pages[path] is None:
            continue
        response = client.get(image)
        assert response.status_code == 200
        picture = Image.open(io.BytesIO(response.content))
        assert (picture.format, picture.size) == ("PNG", (1200, 630))
    assert len(drawn() - before) == 4

    # Asked for again, the same card, drawn no more.
    guide_card = cards[guide.get_absolute_url()][0]
    assert client.get(guide_card).content == client.get(guide_card).content
    assert len(drawn() - before) == 4
    # Its text changes: a new URL, and a new card when that is asked for.
    guide.title = "How to lead a team"
    guide.save()
    changed, alt = card(client, guide.get_absolute_url())
    assert changed != guide_card
    assert alt == "Guide: How to lead a team"
    assert client.get(changed).status_code == 200
    assert len(drawn() - before) == 5


@pytest.mark.parametrize(
    "path",
    ["/social/guide/no-such-guide.png", "/social/nothing/x.png", "/social/role/a.png?v=zz"],
)
def test_a_card_of_no_page_is_a_404(client, path):
    assert client.get(path).status_code == 404
