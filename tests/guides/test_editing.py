import pytest

from guides.models import Guide, GuideRevision
from tests.conftest import guide_form_data, html, make_tag

pytestmark = pytest.mark.django_db


def test_editor_creates_publishes_edits_and_restores_a_guide(editor_client, author):
    make_tag("learning")
    created = editor_client.post(
        "/admin/guides/guide/add/",
        guide_form_data(
            author,
            title="Versioned guide",
            slug="versioned",
            summary="First summary.",
            status="draft",
        ),
    )
    assert created.status_code == 302
    guide = Guide.objects.get(slug="versioned")
    assert editor_client.get("/guides/versioned/").status_code == 404, "still a draft"

    selection = {"action": "publish", "_selected_action": [guide.pk]}
    confirm = editor_client.post("/admin/guides/guide/", selection)
    assert "Yes, publish the selected guides" in confirm.content.decode()
    done = editor_client.post(
        "/admin/guides/guide/", {**selection, "confirmed": "yes"}, follow=True
    )
    assert "Published 1 guide(s)." in done.content.decode()
    assert html(editor_client.get("/guides/versioned/")).select_one(
        ".guide__summary"
    ).get_text() == ("First summary.")

    edited = editor_client.post(
        f"/admin/guides/guide/{guide.pk}/change/",
        guide_form_data(
            author, title="Versioned guide", slug="versioned", summary="Second summary."
        ),
    )
    assert edited.status_code == 302
    assert "Second summary." in editor_client.get("/guides/versioned/").content.decode()

    versions = html(editor_client.get(f"/admin/guides/guide/{guide.pk}/versions/"))
    rows = versions.select("#versions tbody tr")
    assert len(rows) == 3
    assert "summary" in rows[0].get_text()
    assert "editor" in rows[0].get_text()
    first = GuideRevision.objects.filter(guide=guide).order_by("saved_at", "pk").first()
    compare = html(editor_client.get(f"/admin/guides/guide/{guide.pk}/versions/{first.pk}/"))
    diff = compare.select_one("table.diff").get_text().replace("\xa0", " ")
    assert "First summary." in diff
    assert "Second summary." in diff

    restored = editor_client.post(
        f"/admin/guides/guide/{guide.pk}/versions/{first.pk}/restore/", follow=True
    )

    assert "Restored the version of" in restored.content.decode()
    guide.refresh_from_db()
    assert guide.summary == "First summary."
    assert guide.status == "draft", "the restored version was a draft"
    assert GuideRevision.objects.filter(guide=guide).count() == 4
    history = editor_client.get(f"/admin/guides/guide/{guide.pk}/history/").content.decode()
    assert "Restored the version of" in history


def test_markdown_preview_renders_sanitised_html_for_staff_only(client, editor_client):
    response = editor_client.post(
        "/admin/markdown-preview/", {"source": "**bold** <script>alert(1)</script>"}
    )

    assert response.status_code == 200
    page = html(response)
    assert page.find("strong").get_text() == "bold"
    assert page.find("script") is None

    client.logout()
    assert client.post("/admin/markdown-preview/", {"source": "x"}).status_code == 302


def test_guide_change_form_offers_markdown_help_preview_and_versions(editor_client, author):
    from tests.conftest import make_guide

    guide = make_guide(author, slug="form-guide")

    page = html(editor_client.get(f"/admin/guides/guide/{guide.pk}/change/"))

    assert page.select_one(".markdown-help summary").get_text() == "Markdown help"
    assert page.select_one(".markdown-preview-button")["data-source"] == "id_body"
    tools = [a["href"] for a in page.select(".object-tools a")]
    assert f"/admin/guides/guide/{guide.pk}/versions/" in tools
    assert "/guides/form-guide/preview/" in tools
    body_html = page.find("div", class_="field-body_html")
    assert body_html is not None
    assert body_html.find("textarea") is None, "derived fields are read-only"
