"""Pages go compressed to browsers that ask for it, from the page cache too, and as they are
to those that do not."""

import gzip

import pytest

from tests.conftest import make_job
from tests.website.test_page_cache import page_cache  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_a_page_is_compressed_for_a_browser_that_asks(client):
    make_job(title="Platform Engineer")
    plain = client.get("/jobs/")
    packed = client.get("/jobs/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"]


def test_a_cached_page_is_compressed_too_and_conditional_requests_still_match(
    client,
    page_cache,  # noqa: F811
):
    make_job(title="Platform Engineer")
    first = client.get("/jobs/", HTTP_ACCEPT_ENCODING="gzip")
    again = client.get("/jobs/", HTTP_ACCEPT_ENCODING="gzip")

    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == gzip.decompress(first.content)
    revalidated = client.get(
        "/jobs/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=again["ETag"]
    )
    assert revalidated.status_code == 304
