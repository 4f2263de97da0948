"""A guide, company, role or tag shared on social media shows a card of its own, drawn once
for each version of what it says (core/social.py)."""

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
    return image, page.select_one('meta[property="og:image:alt"]')["content"]


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
    cards = {path: card(client, path) for path in pages}
    assert {path: alt for path, (_, alt) in cards.items() if pages[path]} == {
        path: alt for path, alt in pages.items() if alt
    }
    images = [image for image, _ in cards.values()]
    assert len(set(images)) == len(images)  # one each, and none the site's own
    for path, (image, _) in cards.items():
        if pages[path] is None:
            continue
        response = client.get(image.removeprefix("http://testserver"))
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        picture = Image.open(io.BytesIO(body))
        assert (picture.format, picture.size) == ("PNG", (1200, 630))

    # Shown again, the page names the same file and draws nothing.
    drawn = set(default_storage.listdir("social")[1])
    assert card(client, guide.get_absolute_url()) == cards[guide.get_absolute_url()]
    assert set(default_storage.listdir("social")[1]) == drawn
    # Its text changes: a new card.
    guide.title = "How to lead a team"
    guide.save()
    changed, alt = card(client, guide.get_absolute_url())
    assert changed != cards[guide.get_absolute_url()][0]
    assert alt == "Guide: How to lead a team"
    assert len(default_storage.listdir("social")[1]) == len(drawn) + 1
