"""A company's team proposes changes to its profile; an editor reads what would change, field
by field, and decides; the public page changes only when approved, and then says the team
confirmed it."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from companies.models import Company, CompanyTag
from employers.models import ProfileProposal, ProposalStatus
from tests.companies.test_logos import image_bytes
from tests.conftest import admin_form_data, html, make_ladder, make_tag
from tests.employers.conftest import Sent

URL = "/employers/team/quarry/profile/"


@pytest.fixture
def learning(quarry):
    tag = make_tag("learning", name="Learning")
    return CompanyTag.objects.create(company=quarry, tag=tag, evidence_note="Old note.")


def profile(owner, **changes) -> dict:
    """The profile form as the page shows it, with `changes`."""
    form = html(owner.get(URL)).select_one("main form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[field["name"]] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[field["name"]] = field.get_text().removeprefix("\n")
        else:
            data[field["name"]] = field.get("value", "")
    data.pop("csrfmiddlewaretoken", None)
    return {**data, **changes}


def decide(admin_client, proposal, status, comment=""):
    url = f"/admin/employers/profileproposal/{proposal.pk}/change/"
    data = admin_form_data(admin_client, url)
    data.update(status=status, comment=comment)
    return Sent.post(admin_client, url, data)


def test_an_approved_profile_reaches_the_page_confirmed_by_the_team(
    owner, quarry, learning, admin_client, client
):
    assert "Propose changes to the profile" in html(owner.get("/employers/team/quarry/")).get_text()
    sent = profile(
        owner,
        tagline="Search for the whole quarry.",
        about="We build **tools** for geologists.",
        employee_count="120",
        evidence_url_learning="https://quarry.example/blog/learning-budget",
        evidence_note_learning="Every engineer has a learning budget.",
    )
    response = Sent.post(owner, URL, sent)
    assert response.status_code == 302
    proposal = ProfileProposal.objects.get()
    assert proposal.status == ProposalStatus.IN_REVIEW

    # Nothing public yet.
    page = html(client.get("/companies/quarry/")).get_text()
    assert "Makes things for engineers." in page
    assert "confirmed by" not in page

    # The editor sees what would change, and only that is marked.
    review = html(admin_client.get(f"/admin/employers/profileproposal/{proposal.pk}/change/"))
    changed = {row.th.get_text() for row in review.select("table.proposal tr.changed")}
    assert changed == {
        "Tagline",
        "About the company",
        "Employee count",
        "Learning: a link that shows it",
        "Learning: what shows it",
    }
    tagline = next(
        row for row in review.select("table.proposal tr") if row.th.get_text() == "Tagline"
    )
    assert "Search" in [ins.get_text().strip() for ins in tagline.select("ins")]

    mail.outbox.clear()
    assert decide(admin_client, proposal, "approved").status_code == 302
    company = Company.objects.get(pk=quarry.pk)
    assert (company.tagline, company.employee_count) == ("Search for the whole quarry.", 120)
    assert company.team_confirmed_on == timezone.localdate()
    learning.refresh_from_db()
    assert learning.evidence_note == "Every engineer has a learning budget."
    page = html(client.get("/companies/quarry/"))
    assert "Search for the whole quarry." in page.get_text()
    assert "geologists" in page.get_text()
    assert "confirmed by Quarry's own team on" in page.select_one(".team-confirmed").get_text()
    assert [m.subject for m in mail.outbox] == ["The profile of Quarry is approved"]


def test_changes_asked_are_shown_and_the_same_proposal_is_sent_again(owner, quarry, admin_client):
    Sent.post(owner, URL, profile(owner, tagline="First try."))
    proposal = ProfileProposal.objects.get()
    assert decide(admin_client, proposal, "changes-asked", "").status_code == 200
    assert (
        decide(admin_client, proposal, "changes-asked", "Say what you <make>.").status_code == 302
    )
    assert mail.outbox[-1].subject == "The editors ask for changes to the profile of Quarry"

    page = owner.get(URL)
    assert "The editors ask for changes: Say what you <make>." in html(page).get_text()
    assert html(page).select_one("input[name=tagline]")["value"] == "First try."
    assert "changes asked" in html(owner.get("/employers/team/quarry/")).get_text()

    Sent.post(owner, URL, profile(owner, tagline="We make search for quarries."))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.values["tagline"]) == (
        ProposalStatus.IN_REVIEW,
        "We make search for quarries.",
    )
    assert ProfileProposal.objects.count() == 1

    assert decide(admin_client, proposal, "rejected", "").status_code == 200
    assert decide(admin_client, proposal, "rejected", "Not your company.").status_code == 302
    assert Company.objects.get(pk=quarry.pk).tagline == "Makes things for engineers."
    assert mail.outbox[-1].subject == "The profile of Quarry was not published"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"employee_count": "-5"}, "employee_count"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"stage": "unicorn"}, "stage"),
        ({"tagline": ""}, "tagline"),
        ({"evidence_url_learning": "not a link at all"}, "evidence_url_learning"),
    ],
)
def test_a_wrong_profile_is_a_visible_correction_and_nothing_is_sent(
    owner, quarry, learning, changes, field
):
    response = Sent.post(owner, URL, profile(owner, **changes))
    assert response.status_code == 400
    page = html(response)
    assert page.select_one(f".field--error [name={field}]") is not None
    assert not ProfileProposal.objects.exists()
    assert Company.objects.get(pk=quarry.pk).tagline == "Makes things for engineers."


def test_hostile_markup_in_a_profile_is_inert(owner, quarry, admin_client, client):
    Sent.post(
        owner,
        URL,
        profile(
            owner,
            tagline="<script>alert(1)</script>",
            about="Hello <script>alert(2)</script><img src=x onerror=alert(3)>",
        ),
    )
    proposal = ProfileProposal.objects.get()
    admin_page = admin_client.get(f"/admin/employers/profileproposal/{proposal.pk}/change/")
    assert b"<script>alert" not in admin_page.content
    decide(admin_client, proposal, "approved")
    public = client.get("/companies/quarry/")
    assert b"<script>alert" not in public.content
    assert not html(public).select("[onerror]")


def test_sending_the_profile_has_a_daily_limit(owner, quarry, settings):
    settings.PROFILE_PROPOSALS_PER_DAY = 1
    assert Sent.post(owner, URL, profile(owner, tagline="One.")).status_code == 302
    response = Sent.post(owner, URL, profile(owner, tagline="Two."))
    assert response.status_code == 429
    assert ProfileProposal.objects.get().values["tagline"] == "One."


LADDER = """track,name,from,to,tech_lead,scope,position
ic,Engineer,l4,,,Owns features,
ic,Senior Engineer,l5,,role,Leads a project,
ic,Staff Engineer,l6,,,Sets direction for a group,"""


def test_a_ladder_and_a_logo_from_the_team_reach_the_page_once_approved(
    owner, quarry, admin_client, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_ladder(quarry, [("Developer", "l4", "l4", ""), ("Senior Developer", "l5", "l5", "")])
    shown = html(owner.get(URL)).select_one("textarea[name=ladder]").get_text()
    assert "ic,Developer,l4,l4,," in shown
    data = profile(owner, ladder=LADDER)
    data["logo_upload"] = SimpleUploadedFile("quarry.png", image_bytes(), "image/png")
    assert Sent.post(owner, URL, data).status_code == 302
    proposal = ProfileProposal.objects.get()
    assert proposal.values["logo"].startswith("logos/")

    # Stored, but not the company's until approved.
    page = html(client.get("/companies/quarry/"))
    assert "Staff Engineer" not in page.get_text()
    assert not page.select("header img[src*='/logos/']")
    review = html(admin_client.get(f"/admin/employers/profileproposal/{proposal.pk}/change/"))
    changed = {row.th.get_text() for row in review.select("table.proposal tr.changed")}
    assert {"Engineering ladder", "Logo"} <= changed
    assert review.select_one("table.proposal img.logo-preview")

    decide(admin_client, proposal, "approved")
    company = Company.objects.get(pk=quarry.pk)
    assert list(company.ladder_levels.in_ladder_order().values_list("name", flat=True)) == [
        "Engineer",
        "Senior Engineer",
        "Staff Engineer",
    ]
    assert company.ladder_names_tech_lead
    assert company.logo.name == proposal.values["logo"]
    page = html(client.get("/companies/quarry/"))
    assert "Staff Engineer" in page.get_text()
    assert page.select_one("header img[src*='/logos/']")


@pytest.mark.parametrize(
    ("ladder", "error"),
    [
        (
            LADDER.replace("Senior Engineer,l5", "Senior Engineer,l9"),
            "Line 3: “from” must be one of",
        ),
        (LADDER + "\nic,Engineer,l4,,,Twice,", "“Engineer” is already on line 2"),
        ("name,level\nEngineer,l4", "missing: from, track"),
    ],
)
def test_a_wrong_ladder_names_its_line_and_nothing_is_sent(owner, quarry, ladder, error):
    response = Sent.post(owner, URL, profile(owner, ladder=ladder))
    assert response.status_code == 400
    assert error in html(response).select_one(".field--error").get_text()
    assert not ProfileProposal.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(owner, quarry):
    data = profile(owner)
    data["logo_upload"] = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    response = Sent.post(owner, URL, data)
    assert response.status_code == 400
    assert "SVG logos are not accepted" in html(response).select_one(".field--error").get_text()
    assert not ProfileProposal.objects.exists()


def test_only_what_the_team_changed_is_applied_over_an_editors_later_change(
    owner, quarry, admin_client
):
    Sent.post(owner, URL, profile(owner, about="We build **tools** for geologists."))
    proposal = ProfileProposal.objects.get()
    # An editor corrects the tagline meanwhile.
    Company.objects.filter(pk=quarry.pk).update(tagline="Edited by the editors.")
    review = html(admin_client.get(f"/admin/employers/profileproposal/{proposal.pk}/change/"))
    assert [row.th.get_text() for row in review.select("table.proposal tr")][1:] == [
        "About the company"
    ]
    decide(admin_client, proposal, "approved")
    company = Company.objects.get(pk=quarry.pk)
    assert (company.tagline, company.about) == (
        "Edited by the editors.",
        "We build **tools** for geologists.",
    )


def test_a_replaced_or_rejected_logo_leaves_no_files_behind(
    owner, quarry, admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"

    def stored() -> list[str]:
        return sorted(path.name for path in (tmp_path / "media").rglob("*.webp"))

    data = profile(owner)
    data["logo_upload"] = SimpleUploadedFile("a.png", image_bytes((200, 100)), "image/png")
    Sent.post(owner, URL, data)
    first = stored()
    assert len(first) == 2  # the logo and its small rendition
    data = profile(owner)
    data["logo_upload"] = SimpleUploadedFile("b.png", image_bytes((300, 100)), "image/png")
    Sent.post(owner, URL, data)
    second = stored()
    assert len(second) == 2
    assert second != first
    decide(admin_client, ProfileProposal.objects.get(), "rejected", "Not your logo.")
    assert stored() == []
