"""Company ladders as data: edited in admin with history, imported and exported as a file,
shown on the company page, and the source of the "ladder names tech lead" signal."""

import io

import pytest
import tablib

from companies.models import Company, LadderLevel
from tests.conftest import (
    admin_form_data,
    html,
    make_company,
    make_ladder,
)
from tests.website.test_history import history_rows, restore_oldest

pytestmark = pytest.mark.django_db

CSV_HEADER = "company,track,name,from,to,tech_lead,scope,position,source,verified_on\n"


def signal(company) -> bool:
    return Company.objects.get(pk=company.pk).ladder_names_tech_lead


def test_the_tech_lead_signal_follows_the_ladder_whatever_writes_it():
    company = make_company("Fernhill")
    assert not signal(company)

    (senior,) = make_ladder(company, [("Senior Engineer", "l5", "l5", "")])
    assert not signal(company), "a ladder that names no tech lead"

    LadderLevel.objects.filter(pk=senior.pk).update(tech_lead="role")
    assert signal(company)

    # Nobody can type the signal: the database derives it again on every write of the row.
    Company.objects.filter(pk=company.pk).update(ladder_names_tech_lead=False)
    assert signal(company)

    LadderLevel.objects.filter(pk=senior.pk).delete()
    assert not signal(company)
    Company.objects.filter(pk=company.pk).update(ladder_names_tech_lead=True)
    assert not signal(company)


def test_a_level_that_runs_backwards_is_refused_by_the_database():
    from django.db import IntegrityError

    company = make_company()
    with pytest.raises(IntegrityError):
        make_ladder(company, [("Staff", "l7", "l6", "")])


def test_the_company_page_shows_its_ladder_lowest_first_with_tech_lead_marked(client):
    company = make_company(
        "Fernhill",
        slug="fernhill",
        ladder_url="https://fernhill.example/ladder",
        ladder_verified_on="2026-11-20",
    )
    make_ladder(
        company,
        [
            ("Tech Lead", "l6", "l6", "level"),
            ("Engineer", "l3", "l4", ""),
            ("Senior Engineer", "l5", "l5", ""),
        ],
    )
    make_ladder(company, [("Engineering Manager", "l5", "l6", "")], track="manager")

    page = html(client.get("/companies/fernhill/"))

    section = page.find(id="ladder-heading").parent
    tracks = {
        track.h3.get_text(): [
            " ".join(level.select_one(".ladder__name").get_text(" ", strip=True).split())
            for level in track.select(".ladder__level")
        ]
        for track in section.select(".ladder-track")
    }
    assert tracks == {
        "Individual contributor": [
            "Engineer L3–L4",
            "Senior Engineer L5",
            "Tech Lead L6 Tech lead level",
        ],
        "Manager": ["Engineering Manager L5–L6"],
    }
    source = section.find("a", href="https://fernhill.example/ladder")
    assert source is not None
    assert "last verified 20 Nov 2026" in section.get_text()
    signals = page.find(id="signals-heading").parent.get_text(" ", strip=True)
    assert "Ladder names tech lead Yes" in signals


def test_a_company_without_a_ladder_says_so(client):
    make_company("Quiet", slug="quiet")
    section = html(client.get("/companies/quiet/")).find(id="ladder-heading").parent
    assert "has not published an engineering ladder" in section.get_text()
    assert not section.select(".ladder")


def test_an_editor_writes_a_ladder_in_admin_and_restores_the_one_before(editor_client):
    company = make_company("Acme")
    make_ladder(company, [("Engineer", "l3", "l4", "")])
    change_url = f"/admin/companies/company/{company.pk}/change/"

    data = admin_form_data(editor_client, change_url)
    data.update(
        {
            "ladder_levels-TOTAL_FORMS": "2",
            "ladder_levels-1-track": "ic",
            "ladder_levels-1-name": "Tech Lead",
            "ladder_levels-1-lowest": "l6",
            "ladder_levels-1-highest": "l6",
            "ladder_levels-1-position": "0",
            "ladder_levels-1-tech_lead": "level",
            "ladder_levels-1-scope": "Sets the team's technical direction.",
            "ladder_levels-1-company": company.pk,
        }
    )
    assert editor_client.post(change_url, data).status_code == 302
    assert signal(company)
    assert len(history_rows(editor_client, change_url)) == 2

    compare = restore_oldest(editor_client, change_url)

    assert compare.find("h2", string=lambda s: s and s.startswith("Ladder levels")) is not None
    assert list(company.ladder_levels.values_list("name", flat=True)) == ["Engineer"]
    assert not signal(company), "the derived signal follows the restore"


def test_admin_refuses_a_level_whose_top_is_below_its_bottom(editor_client):
    company = make_company("Acme")
    change_url = f"/admin/companies/company/{company.pk}/change/"
    data = admin_form_data(editor_client, change_url)
    data.update(
        {
            "ladder_levels-TOTAL_FORMS": "1",
            "ladder_levels-0-track": "ic",
            "ladder_levels-0-name": "Staff",
            "ladder_levels-0-lowest": "l7",
            "ladder_levels-0-highest": "l6",
            "ladder_levels-0-position": "0",
            "ladder_levels-0-company": company.pk,
        }
    )
    response = editor_client.post(change_url, data)
    assert response.status_code == 200
    assert html(response).select(".errorlist")
    assert not LadderLevel.objects.exists()


def upload(client, content: bytes | str, name="ladders.csv"):
    data = content.encode() if isinstance(content, str) else content
    file = io.BytesIO(data)
    file.name = name
    return client.post("/admin/companies/company/ladders/import/", {"file": file})


def test_an_import_replaces_the_ladders_it_names_and_only_those(editor_client):
    named = make_company("Named", slug="named")
    make_ladder(named, [("Old level", "l4", "l4", "")])
    other = make_company("Other", slug="other")
    make_ladder(other, [("Kept", "l5", "l5", "role")])

    response = upload(
        editor_client,
        CSV_HEADER
        + "named,ic,Engineer,l3,l4,,Ships features.,,https://named.example/ladder,2026-11-30\n"
        + "named,ic,Tech Lead,l6,,level,Leads the team's design.,,https://named.example/ladder,"
        + "2026-11-30\n"
        + "named,manager,Engineering Manager,l5,l6,,,,,\n",
    )

    assert response.status_code == 302
    levels = list(
        LadderLevel.objects.filter(company=named)
        .in_ladder_order()
        .values_list("track", "name", "lowest", "highest", "tech_lead")
    )
    assert levels == [
        ("ic", "Engineer", "l3", "l4", ""),
        ("ic", "Tech Lead", "l6", "l6", "level"),
        ("manager", "Engineering Manager", "l5", "l6", ""),
    ]
    named.refresh_from_db()
    assert named.ladder_url == "https://named.example/ladder"
    assert str(named.ladder_verified_on) == "2026-11-30"
    assert named.ladder_names_tech_lead
    assert list(other.ladder_levels.values_list("name", flat=True)) == ["Kept"]
    message = html(editor_client.get("/admin/companies/company/")).select_one(".messagelist")
    assert "Imported the ladders of 1 company: 3 levels." in message.get_text()

    # The import is in the company's history, after the ladder it replaced.
    rows = history_rows(editor_client, f"/admin/companies/company/{named.pk}/change/")
    assert "Ladder imported from “ladders.csv”." in rows[0].get_text()
    compare = restore_oldest(editor_client, f"/admin/companies/company/{named.pk}/change/")
    assert compare is not None
    assert list(named.ladder_levels.values_list("name", flat=True)) == ["Old level"]


def test_a_file_with_problems_writes_nothing_and_names_each_line(editor_client):
    company = make_company("Named", slug="named")
    make_ladder(company, [("Old level", "l4", "l4", "")])

    response = upload(
        editor_client,
        CSV_HEADER
        + "named,ic,Engineer,l3,l4,,,,,\n"
        + "nobody,ic,Engineer,l3,,,,,,\n"
        + "named,ladder,Senior,l9,l2,boss,,x,,\n"
        + "named,ic,engineer,l4,,,,,,\n"
        + "named,ic,Staff,l7,l6,,,,not a link,yesterday\n"
        + "named,ic,,l5,,,,,,\n",
    )

    assert response.status_code == 400
    problems = [li.get_text() for li in html(response).select("#ladder-problems li")]
    assert problems[0] == "Line 3: no company has the slug “nobody”."
    assert problems[1].startswith("Line 4: track must be ic or manager, not “ladder”")
    assert "“from” must be one of l3, l4, l5, l6, l7, l8, not “l9”" in problems[1]
    assert "tech_lead must be empty, role or level, not “boss”" in problems[1]
    assert "position must be a whole number" in problems[1]
    assert problems[2] == "Line 5: “engineer” is already on line 2 for this company's track."
    assert problems[3].startswith("Line 6: “to” is below “from”")
    assert "source is not a web address" in problems[3]
    assert "verified_on must be a date" in problems[3]
    assert problems[4] == "Line 7: name: This field cannot be blank."
    assert len(problems) == 5
    assert list(company.ladder_levels.values_list("name", flat=True)) == ["Old level"]


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (b"\xff\xfe\x00garbage", "ladders.csv", "not UTF-8"),
        ("company,name\nnamed,Engineer\n", "ladders.csv", "missing: from, track"),
        (CSV_HEADER.strip() + ",salary\n", "ladders.csv", "Unknown columns: salary"),
        (b"PK\x03\x04 not really a workbook", "ladders.xlsx", "could not be read"),
        ("", "ladders.csv", "submitted file is empty"),
    ],
)
def test_a_file_that_is_not_ladders_is_refused_with_a_reason(editor_client, content, name, says):
    make_company("Named", slug="named")
    response = upload(editor_client, content, name)
    assert response.status_code == 400
    assert says in html(response).select_one(".errorlist").get_text()
    assert not LadderLevel.objects.exists()


def test_exported_ladders_import_back_unchanged_from_csv_and_excel(editor_client):
    company = make_company("Named", slug="named", ladder_url="https://named.example/l")
    make_ladder(company, [("Engineer", "l3", "l4", ""), ("Senior, Tech Lead", "l5", "l5", "role")])
    make_ladder(company, [("Manager", "l5", "l6", "")], track="manager")
    before = list(LadderLevel.objects.in_ladder_order().values_list("track", "name", "lowest"))

    exported = editor_client.get("/admin/companies/company/ladders/export/")
    assert exported["Content-Type"].startswith("text/csv")
    csv_text = exported.content.decode()
    assert csv_text.splitlines()[0] == CSV_HEADER.strip()

    assert upload(editor_client, csv_text).status_code == 302
    after = list(LadderLevel.objects.in_ladder_order().values_list("track", "name", "lowest"))
    assert after == before

    workbook = tablib.Dataset().load(csv_text, format="csv").export("xlsx")
    assert upload(editor_client, workbook, "ladders.xlsx").status_code == 302
    after = list(LadderLevel.objects.in_ladder_order().values_list("track", "name", "lowest"))
    assert after == before


def test_only_editors_import_ladders(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/companies/company/ladders/import/").status_code == 403
    assert client.get("/admin/companies/company/ladders/export/").status_code == 403
