"""Fields edited as what they hold: tracks as checkboxes, countries from a list; and a choice is
accepted or refused alike by the admin's form and the importer, both reading the model field."""

import pytest

from guides.models import Guide
from jobs.models import Job
from tests.conftest import (
    admin_form_data,
    guide_form_data,
    html,
    job_admin_form,
    make_company,
    make_guide,
)
from tests.jobs.test_import import csv_upload, plan_rows, preview, role

pytestmark = pytest.mark.django_db

CHOICE_FIELDS = ["level", "track", "discipline", "employment_type", "workplace", "salary_period"]


def test_fits_tracks_are_checkboxes_on_the_guide_form_and_save_as_ticked(editor_client, author):
    guide = make_guide(author, slug="lead", fits_tracks=["ic"])
    url = f"/admin/guides/guide/{guide.pk}/change/"

    page = html(editor_client.get(url))
    boxes = page.select("input[type=checkbox][name=fits_tracks]")
    assert [(box["value"], box.has_attr("checked")) for box in boxes] == [
        ("ic", True),
        ("tech-lead", False),
        ("engineering-manager", False),
        ("tech-lead-manager", False),
    ]
    assert page.select("input[type=text][name=fits_tracks]") == []

    data = admin_form_data(editor_client, url)
    data["fits_tracks"] = ["tech-lead", "tech-lead-manager"]
    response = editor_client.post(url, data)

    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.fits_tracks == ["tech-lead", "tech-lead-manager"]


def test_a_track_that_does_not_exist_is_refused_by_the_guide_form(editor_client, author):
    response = editor_client.post(
        "/admin/guides/guide/add/", guide_form_data(author, fits_tracks=["astronaut"])
    )

    assert response.status_code == 200
    errors = html(response).select_one(".field-fits_tracks .errorlist").get_text()
    assert "Select a valid choice. astronaut is not one of the available choices." in errors
    assert not Guide.objects.exists()


def test_country_is_a_list_to_choose_from_and_a_made_up_code_is_refused(editor_client):
    company = make_company("Acme", slug="acme")

    page = html(editor_client.get("/admin/jobs/job/add/"))
    options = {
        option["value"]: option.get_text() for option in page.select("select#id_country option")
    }
    assert options["DE"] == "Germany"
    assert len(options) > 240
    assert page.select("input[type=text][name=country]") == []

    response = editor_client.post("/admin/jobs/job/add/", job_admin_form(company, country="ZZ"))

    assert response.status_code == 200
    assert "Select a valid choice. ZZ is not one of the available choices." in (
        html(response).select_one(".field-country .errorlist").get_text()
    )
    assert not Job.objects.exists()


def test_the_importer_accepts_exactly_the_choices_the_admin_offers(editor_client):
    make_company("Acme", slug="acme")
    page = html(editor_client.get("/admin/jobs/job/add/"))
    offered = {
        name: [o["value"] for o in page.select(f"select[name={name}] option") if o["value"]]
        for name in [*CHOICE_FIELDS, "country"]
    }
    assert all(offered.values())
    # A remote role says where applicants may be; nothing to do with the choice itself.
    where = {"remote": {"city": "", "remote_regions": "Europe"}}
    rows = [
        role(f"{name}-{value}", **{name: value, **where.get(value, {})})
        for name, values in offered.items()
        for value in values
    ]
    refused = [role(f"{name}-bad", **{name: "not-offered"}) for name in offered]

    response = preview(editor_client, csv_upload(*rows, *refused))

    counts = [li.get_text() for li in html(response).select("#import-counts li")]
    assert counts == [f"{len(rows)} to create", "0 to update", "0 unchanged", "7 rejected"]
    rejected = plan_rows(editor_client.get(response.wsgi_request.path + "?show=reject"))
    assert [row["source_id"] for row in rejected] == [f"{name}-bad" for name in offered]
    for name, row in zip(offered, rejected, strict=True):
        assert row["details"].startswith(f"{name}: 'not-offered' is not")
