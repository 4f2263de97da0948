import pytest

from guides.models import Guide
from tests.conftest import guide_form_data, html, make_tag

pytestmark = pytest.mark.django_db


def test_editor_creates_a_guide_and_it_is_on_the_site(editor_client, author):
    make_tag("learning")

    response = editor_client.post("/admin/guides/guide/add/", guide_form_data(author))

    assert response.status_code == 302, html(response).select(".errorlist")
    page = html(editor_client.get("/guides/admin-guide/"))
    assert page.h1.get_text() == "Admin guide"
    assert page.select_one(".guide__body a")["href"] == "/companies/tags/learning/"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[x](guide:no-such-guide)", "no published guide has that slug"),
        ("[x](tag:no-such-tag)", "no culture tag has that slug"),
        ("[x](company:nobody)", "no listed company has that slug"),
        ("[x](company:a/b)", "company:a/b is not a slug"),
        ("[x](job:gone)", "no open role has that slug"),
        ("[x](companies:?stage=moon)", "Ignored unknown stage"),
        ("[x](jobs:?level=l99)", "Ignored unknown level"),
        ("[x](companies:tag=learning)", "take a query string"),
        ("[x](levels:?company=nobody)", "No company in the directory has the address “nobody”"),
        ("[x](levels:?tag=learning)", "take only company=<slug>"),
    ],
)
def test_links_that_lead_nowhere_are_errors_in_the_form(editor_client, author, body, message):
    response = editor_client.post("/admin/guides/guide/add/", guide_form_data(author, body=body))

    assert response.status_code == 200
    errors = html(response).select_one(".errorlist").get_text()
    assert message in errors
    assert not Guide.objects.exists()


def test_a_link_that_is_not_in_the_sites_link_syntax_is_not_checked(editor_client, author):
    body = "[x](foo:bar) and [y](https://example.com/)"

    response = editor_client.post("/admin/guides/guide/add/", guide_form_data(author, body=body))

    assert response.status_code == 302, html(response).select(".errorlist")


def test_a_link_to_a_draft_guide_is_refused(editor_client, author):
    from tests.conftest import make_guide

    make_guide(author, slug="unfinished", status="draft")

    response = editor_client.post(
        "/admin/guides/guide/add/", guide_form_data(author, body="[x](guide:unfinished)")
    )

    assert "no published guide has that slug" in html(response).select_one(".errorlist").get_text()
