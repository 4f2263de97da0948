import pytest

from guides.models import Guide
from tests.conftest import admin_form_data, guide_form_data, html, make_tag

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

    history = html(editor_client.get(f"/admin/guides/guide/{guide.pk}/history/"))
    rows = history.select("#change-history tbody tr")
    assert len(rows) == 3, "added, published, edited"
    assert "Summary" in rows[0].get_text()
    assert "editor" in rows[0].get_text()
    same = html(editor_client.get(rows[0].find("a", string="Compare with current")["href"]))
    assert "This version is the same as the current one." in same.get_text()
    first_compare = rows[-1].find("a", string="Compare with current")["href"]
    compare = html(editor_client.get(first_compare))
    summary = next(
        s for s in compare.select(".diff-field") if s.h2.get_text() == "Summary"
    ).select_one(".diff-text")
    assert summary.find("del").get_text() == "First "
    assert summary.find("ins").get_text() == "Second "
    status = next(s for s in compare.select(".diff-field") if s.h2.get_text() == "Status")
    assert status.find("del").get_text() == "Draft"

    restore_url = compare.find("a", string="Restore this version…")["href"]
    restored = editor_client.post(restore_url, admin_form_data(editor_client, restore_url))
    assert restored.status_code == 302

    guide.refresh_from_db()
    assert guide.summary == "First summary."
    assert guide.status == "draft", "the restored version was a draft"
    history = html(editor_client.get(f"/admin/guides/guide/{guide.pk}/history/"))
    rows = history.select("#change-history tbody tr")
    assert len(rows) == 4
    assert "Reverted to previous version" in rows[0].get_text()


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


def test_markdown_preview_needs_the_right_to_edit_markdown(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="a-long-test-password-1")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)

    assert client.post("/admin/markdown-preview/", {"source": "x"}).status_code == 403


def test_guide_change_form_offers_markdown_help_live_preview_and_history(editor_client, author):
    from tests.conftest import make_guide

    guide = make_guide(author, slug="form-guide")

    page = html(editor_client.get(f"/admin/guides/guide/{guide.pk}/change/"))

    assert page.select_one(".markdown-help summary").get_text() == "Markdown help"
    editor = page.select_one(".markdown-editor")
    assert editor["data-source"] == "id_body"
    assert editor["data-preview-url"] == "/admin/markdown-preview/?charts=on", "guides draw charts"
    assert page.select_one("#id_body-preview")["aria-label"] == "Preview"
    assert page.select_one("#id_body-outline")["aria-label"] == "Headings"
    assert page.find("script", src=lambda src: src and "markdown_editor" in src)
    assert not [s for s in page.find_all("script") if not s.get("src")], "no inline script"
    tools = [a["href"] for a in page.select(".object-tools a")]
    assert f"/admin/guides/guide/{guide.pk}/history/" in tools
    assert "/guides/form-guide/preview/" in tools
    body_html = page.find("div", class_="field-body_html")
    assert body_html is not None
    assert body_html.find("textarea") is None, "derived fields are read-only"


CHART = """\
Intro.

```chart
title: Where the hours go
unit: %
series: Calm; Busy
Code: 55–70; 40–50
Meetings: 10–20; 30–40
```
"""


def test_an_editor_adds_a_chart_to_a_guide_and_readers_see_it_with_its_figures(
    editor_client, author
):
    created = editor_client.post(
        "/admin/guides/guide/add/",
        guide_form_data(author, slug="charted", body=CHART + "\n## FAQ\n\n### Why?\n\nBecause."),
    )
    assert created.status_code == 302

    page = html(editor_client.get("/guides/charted/"))
    figure = page.select_one(".prose figure.chart-block")
    assert figure.find("svg").find("title").get_text() == "Where the hours go"
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in figure.tbody("tr")]
    assert rows == [["Code", "55–70%", "40–50%"], ["Meetings", "10–20%", "30–40%"]]


def test_a_chart_that_cannot_be_drawn_is_refused_with_its_line(editor_client, author):
    body = CHART.replace("Meetings: 10–20; 30–40", "Meetings: lots; 30–40")
    body += "\n## FAQ\n\n### How?\n\n```chart\ntitle: T\nRow: 1; 2\n```\n"
    refused = editor_client.post(
        "/admin/guides/guide/add/", guide_form_data(author, slug="bad-chart", body=body)
    )

    assert refused.status_code == 200
    errors = [li.get_text() for li in html(refused).select(".field-body .errorlist li")]
    assert errors == [
        "Some charts cannot be drawn; fix them before saving:",
        "Chart block, line 8: “lots” is not a number or a range like 10–20 (plain digits).",
        "Chart block, line 17: “Row” has 2 values; the chart has 1 series, so it needs 1, "
        "separated by “;”.",
    ]
    assert not Guide.objects.filter(slug="bad-chart").exists()


def test_the_preview_draws_charts_for_fields_that_have_them_and_says_what_is_wrong(
    editor_client,
):
    source = CHART + "\n```chart\ntitle: T\nRow: x\n```\n"
    drawn = html(editor_client.post("/admin/markdown-preview/?charts=on", {"source": source}))
    problems = drawn.select_one(".markdown-preview__problems")
    assert problems["role"] == "alert"
    assert [li.get_text() for li in problems.select("li")] == [
        "Chart block, line 13: “x” is not a number or a range like 10–20 (plain digits)."
    ]
    assert len(drawn.select("figure.chart-block svg")) == 1

    plain = html(editor_client.post("/admin/markdown-preview/", {"source": source}))
    assert plain.find("svg") is None
    assert plain.select_one(".markdown-preview__problems") is None
    assert "title: Where the hours go" in plain.find("pre").get_text()
