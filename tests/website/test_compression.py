"""Pages go compressed to browsers that ask for it, from the page cache too, and as they are
to those that do not."""

import gzip

import pytest

from tests.conftest import make_job

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
    page_cache,
):
    make_job(title="Platform Engineer")
    first = client.get("/jobs/", HTTP_ACCEPT_ENCODING="gzip")
    again = client.get("/jobs/", HTTP_ACCEPT_ENCODING="gzip")

    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again["Content-Encoding"] == "gzip"
    # Stored compressed, not compressed again for each hit: each compression differs (a
    # random length of padding against BREACH), the stored one is sent as it is.
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Length"] == str(len(again.content))
    revalidated = client.get(
        "/jobs/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=again["ETag"]
    )
    assert revalidated.status_code == 304


def test_a_browser_that_does_not_ask_for_gzip_gets_the_cached_page_as_it_is(
    client,
    page_cache,
):
    make_job(title="Platform Engineer")
    packed = client.get("/jobs/", HTTP_ACCEPT_ENCODING="gzip")
    first, again = client.get("/jobs/"), client.get("/jobs/")

    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert "Content-Encoding" not in again
    assert again.content == gzip.decompress(packed.content)
    # One page, two representations: the same tag, weak for the compressed one.
    assert packed["ETag"] == "W/" + again["ETag"]
    assert client.get("/jobs/", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304
