"""Signed-in readers never get a page cached for anonymous readers, nor put theirs in the
cache, and the header's Sign in / Account link does not stop anonymous pages being cached."""

import pytest

from tests.accounts.conftest import sign_in
from tests.accounts.test_abuse import make_reader
from tests.conftest import html, make_job

pytestmark = pytest.mark.django_db


def header_link(response) -> tuple[str, str]:
    link = html(response).select("header .site-nav a")[-1]
    return link.get_text(strip=True), link["href"]


def test_a_signed_in_reader_neither_gets_nor_makes_a_cached_page(client, page_cache):
    from django.test import Client

    make_job(title="Platform Engineer")
    anonymous = Client()
    first = anonymous.get("/jobs/")
    assert first["X-Page-Cache"] == "miss"
    assert header_link(first) == ("Sign in", "/account/login/")
    assert "Cookie" not in first.get("Vary", ""), "the header link keeps the page shareable"
    assert anonymous.get("/jobs/")["X-Page-Cache"] == "hit"

    make_reader("ada@example.com")
    assert sign_in(client, "ada@example.com").status_code == 302
    signed_in = client.get("/jobs/")
    assert "X-Page-Cache" not in signed_in
    assert header_link(signed_in) == ("Account", "/account/")
    assert "private" in signed_in["Cache-Control"]

    again = anonymous.get("/jobs/")
    assert again["X-Page-Cache"] == "hit"
    assert header_link(again) == ("Sign in", "/account/login/"), "not poisoned"
