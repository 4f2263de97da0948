"""Every editor's save is a version: compared and restored through admin's own pages and forms,
and deleted objects recovered from the change list's "Recover deleted" page."""

import pytest
from bs4 import BeautifulSoup

from companies.models import Company, CompanyTag, CompSignal, CultureTag, Review
from guides.models import Author, Guide
from jobs.models import Job
from tests.conftest import (
    admin_form_data,
    html,
    make_comp_signal,
    make_company,
    make_guide,
    make_job,
    make_review,
    make_tag,
)
from website.demo import load_guides, load_tags

pytestmark = pytest.mark.django_db


def history_rows(client, url):
    history_url = url.removesuffix("change/") + "history/"
    return html(client.get(history_url)).select("#change-history tbody tr")


def edit(client, change_url, **changes):
    """Submit the change form as a browser would, with `changes` typed in."""
    data = {**admin_form_data(client, change_url), **changes}
    response = client.post(change_url, data)
    assert response.status_code == 302, html(response).select(".errorlist")
    return response


def restore_oldest(client, change_url):
    """Open the oldest version from the history page, compare it, and save its form."""
    oldest = history_rows(client, change_url)[-1]
    compare = html(client.get(oldest.find("a", string="Compare with current")["href"]))
    restore_url = compare.find("a", string="Restore this version…")["href"]
    form_page = html(client.get(restore_url))
    assert "Save to restore it" in form_page.select_one(".history-notice").get_text()
    response = client.post(restore_url, admin_form_data(client, restore_url))
    assert response.status_code == 302
    return compare


def changed_field(compare, label):
    sections = {section.h2.get_text(): section for section in compare.select(".diff-field")}
    assert label in sections, list(sections)
    return sections[label]


def sides(diff) -> tuple[str, str]:
    """The text of a diff as in the version (without insertions) and as now (without
    deletions)."""

    def without(tag):
        copy = BeautifulSoup(str(diff.select_one(".diff-text, .diff-blocks")), "html.parser")
        for mark in copy.find_all(tag):
            mark.decompose()
        return " ".join(copy.get_text().split())

    return without("ins"), without("del")


@pytest.mark.parametrize(
    ("path", "create", "field", "before", "after", "label"),
    [
        (
            "companies/culturetag",
            lambda: make_tag("learning", summary="Teams that teach."),
            "summary",
            "Teams that teach.",
            "Teams that teach and learn.",
            "One-line meaning",
        ),
        (
            "companies/review",
            lambda: make_review(make_company(), headline="Good place to grow"),
            "headline",
            "Good place to grow",
            "Great place to grow",
            "Headline",
        ),
        (
            "jobs/job",
            lambda: make_job(title="Staff Engineer, Payments"),
            "title",
            "Staff Engineer, Payments",
            "Principal Engineer, Payments",
            "Title",
        ),
        (
            "guides/author",
            lambda: Author.objects.create(slug="lin", name="Lin Park", role="Writer"),
            "role",
            "Writer",
            "Staff writer",
            "Role",
        ),
    ],
)
def test_a_change_is_compared_and_restored_through_admin(
    editor_client, path, create, field, before, after, label
):
    obj = create()
    change_url = f"/admin/{path}/{obj.pk}/change/"

    edit(editor_client, change_url, **{field: after})

    rows = history_rows(editor_client, change_url)
    assert len(rows) == 2
    assert "As it was before its first change in admin." in rows[1].get_text()
    assert "editor" in rows[0].get_text()
    obj.refresh_from_db()
    assert getattr(obj, field) == after

    compare = restore_oldest(editor_client, change_url)

    assert sides(changed_field(compare, label)) == (before, after)
    obj.refresh_from_db()
    assert getattr(obj, field) == before
    rows = history_rows(editor_client, change_url)
    assert len(rows) == 3
    assert "Reverted to previous version" in rows[0].get_text()


def test_a_company_is_restored_with_its_tags_evidence_and_comp_rows(editor_client):
    learning, writing = make_tag("learning"), make_tag("writing")
    company = make_company("Acme", tags=[learning])
    make_comp_signal(company, level="l5", total_comp=230_000)
    change_url = f"/admin/companies/company/{company.pk}/change/"

    data = admin_form_data(editor_client, change_url)
    data.update(
        {
            "tagline": "Makes better things.",
            "company_tags-0-evidence_note": "Pays for conferences.",
            "company_tags-0-tag": writing.pk,
            "comp_signals-TOTAL_FORMS": "2",
            "comp_signals-1-level": "l6",
            "comp_signals-1-track": "ic",
            "comp_signals-1-base_min": "180000",
            "comp_signals-1-base_max": "220000",
            "comp_signals-1-total_comp": "300000",
            "comp_signals-1-currency": "USD",
            "comp_signals-1-as_of": "2026-10-01",
        }
    )
    assert editor_client.post(change_url, data).status_code == 302
    assert CompSignal.objects.filter(company=company).count() == 2
    assert list(company.tags.values_list("slug", flat=True)) == ["writing"]

    compare = restore_oldest(editor_client, change_url)

    evidence = changed_field(
        compare, "Company tags (tag · evidence link · evidence note · last verified)"
    )
    assert sides(evidence) == (
        "Learning · — · Seen Learning. · —",
        "Writing · — · Pays for conferences. · —",
    )
    comp_rows = compare.find("h2", string=lambda s: s and s.startswith("Comp signals"))
    assert comp_rows is not None
    company.refresh_from_db()
    assert company.tagline == "Makes things for engineers."
    assert list(company.tags.values_list("slug", flat=True)) == ["learning"]
    assert CompanyTag.objects.get(company=company).evidence_note == "Seen Learning."
    assert list(CompSignal.objects.filter(company=company).values_list("level", flat=True)) == [
        "l5"
    ], "the comp row added since is gone"
    assert company.tag_slugs == ["learning"], "derived data follows the restore"


def test_a_guide_is_restored_with_its_tags_related_guides_and_call_to_action(editor_client, author):
    learning, writing = make_tag("learning"), make_tag("writing")
    other = make_guide(author, slug="other-guide")
    third = make_guide(author, slug="third-guide")
    guide = make_guide(author, slug="main-guide", cta_title="Find your team")
    guide.tags.set([learning])
    guide.related.set([other])
    change_url = f"/admin/guides/guide/{guide.pk}/change/"

    edit(
        editor_client,
        change_url,
        tags=[writing.pk],
        related=[third.pk],
        cta_title="Find your next team",
        body="Intro.\n\n## One\n\nNew text here.",
    )

    compare = restore_oldest(editor_client, change_url)

    assert sides(changed_field(compare, "Tags")) == ("Learning", "Writing")
    assert sides(changed_field(compare, "Related")) == ("Other Guide", "Third Guide")
    assert sides(changed_field(compare, "Call to action title")) == (
        "Find your team",
        "Find your next team",
    )
    as_read = changed_field(compare, "Body (as read)")
    assert as_read.find("del").get_text().strip() == "Text."
    assert as_read.find("ins").get_text().strip() == "New text here."
    guide.refresh_from_db()
    assert list(guide.tags.values_list("slug", flat=True)) == ["learning"]
    assert list(guide.related.values_list("slug", flat=True)) == ["other-guide"]
    assert guide.cta_title == "Find your team"
    assert "<p>Text.</p>" in guide.body_html, "the page shows the restored text"
    assert "Text." in editor_client.get("/guides/main-guide/").content.decode()


def test_compare_escapes_what_was_written(editor_client, author):
    guide = make_guide(author, slug="escape-guide", summary="Plain summary.")
    change_url = f"/admin/guides/guide/{guide.pk}/change/"
    edit(editor_client, change_url, summary="Now <script>alert(1)</script> summary.")

    oldest = history_rows(editor_client, change_url)[-1]
    page = editor_client.get(oldest.find("a", string="Compare with current")["href"])

    compare = html(page)
    summary = changed_field(compare, "Summary")
    assert summary.find("script") is None
    assert "<script>alert(1)</script>" in summary.find("ins").get_text()
    assert "&lt;script&gt;" in page.content.decode()


def test_a_deleted_company_is_recovered_with_what_went_with_it(editor_client):
    learning = make_tag("learning")
    company = make_company("Gone Inc", slug="gone-inc", tags=[learning])
    make_comp_signal(company)
    make_review(company, headline="Kind managers")

    deleted = editor_client.post(f"/admin/companies/company/{company.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not Company.objects.filter(slug="gone-inc").exists()
    assert editor_client.get("/companies/gone-inc/").status_code == 404

    changelist = html(editor_client.get("/admin/companies/company/"))
    recover_link = changelist.find("a", string="Recover deleted companies")["href"]
    recover_list = html(editor_client.get(recover_link))
    row = recover_list.select_one("#deleted-objects tbody tr")
    assert "Gone Inc" in row.get_text()
    assert "editor" in row.get_text()
    recover_url = row.find("a")["href"]
    recovered = editor_client.post(recover_url, admin_form_data(editor_client, recover_url))

    assert recovered.status_code == 302
    company = Company.objects.get(slug="gone-inc")
    assert list(company.tags.values_list("slug", flat=True)) == ["learning"]
    assert CompSignal.objects.filter(company=company).count() == 1
    assert Review.objects.get(company=company).headline == "Kind managers"
    assert company.review_count == 1
    assert editor_client.get("/companies/gone-inc/").status_code == 200
    assert "There are no deleted companies" in editor_client.get(recover_link).content.decode()


@pytest.mark.parametrize(
    ("path", "create", "model"),
    [
        ("guides/guide", lambda author: make_guide(author, slug="deleted-guide"), Guide),
        ("jobs/job", lambda author: make_job(title="Deleted role"), Job),
        ("companies/culturetag", lambda author: make_tag("deleted-tag"), CultureTag),
        ("companies/review", lambda author: make_review(make_company()), Review),
        ("guides/author", lambda author: Author.objects.create(slug="x", name="X"), Author),
    ],
)
def test_every_change_list_recovers_deleted_objects(editor_client, author, path, create, model):
    obj = create(author)
    pk = obj.pk

    assert editor_client.post(f"/admin/{path}/{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not model.objects.filter(pk=pk).exists()

    changelist = html(editor_client.get(f"/admin/{path}/"))
    recover_list = html(editor_client.get(changelist.select_one("a.recoverlink")["href"]))
    recover_url = recover_list.select_one("#deleted-objects a")["href"]
    assert (
        editor_client.post(recover_url, admin_form_data(editor_client, recover_url)).status_code
        == 302
    )

    assert model.objects.filter(pk=pk).exists()


def test_a_refused_deletion_leaves_nothing_to_recover(editor_client):
    company = make_company("Busy Co")
    make_job(company)

    response = editor_client.post(f"/admin/companies/company/{company.pk}/delete/", {"post": "yes"})

    assert response.status_code == 200, "a company with roles is protected"
    assert Company.objects.filter(pk=company.pk).exists()
    assert (
        "There are no deleted companies"
        in editor_client.get("/admin/companies/company/recover/").content.decode()
    )


def test_demo_content_is_loaded_with_its_first_version(editor_client):
    load_tags()
    load_guides()
    guide = Guide.objects.get(slug="how-to-become-a-tech-lead")

    rows = history_rows(editor_client, f"/admin/guides/guide/{guide.pk}/change/")

    assert len(rows) == 1
    assert "First version, as loaded." in rows[0].get_text()
    tag = CultureTag.objects.get(slug="learning")
    rows = history_rows(editor_client, f"/admin/companies/culturetag/{tag.pk}/change/")
    assert "First version, as loaded." in rows[0].get_text()


def test_history_pages_need_the_right_to_see_the_object(client, django_user_model, author):
    guide = make_guide(author)
    staff = django_user_model.objects.create_user("nobody", password="a-long-test-password-1")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)

    assert client.get(f"/admin/guides/guide/{guide.pk}/history/").status_code == 403
    assert client.get("/admin/guides/guide/recover/").status_code == 403
