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


def inline_management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def assessment_form(guide, **paths) -> dict:
    """What the assessment's add form posts: its fields and one path, no statement yet."""
    return {
        "guide": guide.pk,
        "heading": "Is it for you?",
        "intro": "",
        "for_heading": "For",
        "against_heading": "Against",
        "about_heading": "About you",
        **inline_management("outcomes", 1),
        "outcomes-0-key": "learn",
        "outcomes-0-position": "0",
        "outcomes-0-title": "Learn somewhere",
        "outcomes-0-text": "Why.",
        "outcomes-0-companies_query": paths.get("companies", "companies:?tag=learning"),
        "outcomes-0-companies_label": "Companies",
        "outcomes-0-jobs_query": paths.get("jobs", "jobs:?level=l5"),
        "outcomes-0-jobs_label": "Roles",
        **inline_management("statements", 0),
        **inline_management("verdicts", 1),
        "verdicts-0-at_least": "0",
        "verdicts-0-heading": "Go for it",
        "verdicts-0-text": "",
    }


def test_an_editor_writes_an_assessment_for_a_guide_and_readers_take_it(editor_client, author):
    from guides.models import Assessment
    from tests.conftest import make_guide

    make_tag("learning")
    guide = make_guide(author, slug="staffing")
    added = editor_client.post("/admin/guides/assessment/add/", assessment_form(guide))
    assert added.status_code == 302, html(added).select(".errorlist")
    assessment = Assessment.objects.get(guide=guide)
    change = f"/admin/guides/assessment/{assessment.pk}/change/"
    (outcome,) = assessment.outcomes.all()

    # The statements can point to the paths once they are saved.
    form = html(editor_client.get(change))
    choices = [o["value"] for o in form.select("#id_statements-__prefix__-leads_to option")]
    assert choices == ["", str(outcome.pk)], "its own paths only"
    data = {
        **assessment_form(guide),
        "outcomes-INITIAL_FORMS": "1",
        "outcomes-0-id": str(outcome.pk),
        "outcomes-0-assessment": str(assessment.pk),
        "verdicts-INITIAL_FORMS": "1",
        "verdicts-0-id": str(assessment.verdicts.get().pk),
        "verdicts-0-assessment": str(assessment.pk),
        **inline_management("statements", 2),
        "statements-0-position": "0",
        "statements-0-key": "reads-docs",
        "statements-0-text": "I read design docs for fun.",
        "statements-0-side": "for",
        "statements-0-leads_to": str(outcome.pk),
        "statements-1-position": "1",
        "statements-1-key": "big-company",
        "statements-1-text": "I work somewhere big.",
        "statements-1-side": "about",
        "statements-1-leads_to": "",
    }
    saved = editor_client.post(change, data)
    assert saved.status_code == 302, html(saved).select(".errorlist")

    guide_page = html(editor_client.get("/guides/staffing/"))
    assert guide_page.select_one("#assessment-heading").get_text() == "Is it for you?"
    result = html(editor_client.get("/guides/staffing/assessment/?ticked=reads-docs"))
    assert result.select_one("#verdict-heading").get_text() == "Go for it"
    assert "Learn somewhere" in result.select_one(".assessment-path--best h2").get_text()
    history = html(editor_client.get(f"/admin/guides/assessment/{assessment.pk}/history/"))
    assert len(history.select("#change-history tbody tr")) == 2


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ({"companies": "companies:?stage=moon"}, "Ignored unknown stage"),
        ({"jobs": "jobs:?level=l99"}, "Ignored unknown level"),
        ({"jobs": "companies:?tag=learning"}, "Write it as jobs:?<filters>"),
        ({"companies": "https://example.com/"}, "Write it as companies:?<filters>"),
    ],
)
def test_a_path_whose_links_lead_nowhere_is_refused(editor_client, author, paths, message):
    from guides.models import Assessment
    from tests.conftest import make_guide

    make_tag("learning")
    guide = make_guide(author, slug="staffing")
    refused = editor_client.post("/admin/guides/assessment/add/", assessment_form(guide, **paths))
    assert refused.status_code == 200
    assert message in html(refused).select_one(".inline-group .errorlist").get_text()
    assert not Assessment.objects.exists()
