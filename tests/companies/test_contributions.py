"""Readers' reviews and pay reports, through real URLs and the real admin: write, moderate,
publish, see the ratings and medians change, delete, and the limits that keep it honest."""

import itertools
import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from companies.models import Company, Contributor, PayReport, Review, Submission
from tests.conftest import (
    admin_form_data,
    give_reviews,
    html,
    make_comp_signal,
    make_company,
    make_job,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_this_process(settings):
    """Run queued tasks (the readers' email) here, at once, so tests read `mail.outbox`; the
    same email through the real worker and an SMTP server is the last test below."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


SCORES = {
    "rating_overall": "5",
    "rating_career": "5",
    "rating_work_life": "4",
    "rating_culture": "5",
    "rating_leadership": "4",
    "rating_compensation": "3",
}


def review_form(**overrides) -> dict:
    data = {
        "employment_status": "current",
        "role_family": "backend",
        "last_year": "",
        **SCORES,
        "headline": "Real design reviews, slow promotions",
        "pros": "Design docs are read and argued over.",
        "cons": "Promotions wait for a yearly committee.",
        "advice": "Publish the ladder.",
        "website": "",
        "submit": "1",
    }
    data.update(overrides)
    return data


def pay_form(**overrides) -> dict:
    data = {
        "level": "l5",
        "track": "ic",
        "location": "Berlin",
        "currency": "USD",
        "base": "150000",
        "bonus": "10000",
        "equity": "20000",
        "year": str(timezone.now().year),
        "website": "",
    }
    data.update(overrides)
    return data


_addresses = itertools.cycle(range(1, 255))


def reader_client(
    django_user_model, name: str, *, email: str | None = None, verified: bool = True
) -> Client:
    """A signed-in reader; their address is verified (as allauth records it) unless told not."""
    user = django_user_model.objects.create_user(
        name, email=f"{name}@readers.example" if email is None else email, password="x-long-pass-1"
    )
    if user.email:
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    # Each reader from an address of their own, as readers are.
    client = Client(REMOTE_ADDR=f"198.51.100.{next(_addresses)}")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def reader(django_user_model):
    return reader_client(django_user_model, "quiet-reader-7731")


@pytest.fixture
def fernhill():
    company = give_reviews(make_company("Fernhill", slug="fernhill"), 2, career=3)
    make_comp_signal(company, level="l5", track="ic")
    return company


def career_rating(client, slug="fernhill") -> str:
    page = html(client.get(f"/companies/{slug}/"))
    rows = {tr.th.get_text(): tr.td.get_text() for tr in page.select(".ratings-table tbody tr")}
    return rows.get("Career opportunities", "none")


def reported_pay(client, slug="fernhill", level: str | None = None) -> str:
    """What the company page says readers report: for the first level in its table, or for
    `level` (its label, "L7")."""
    page = html(client.get(f"/companies/{slug}/"))
    cells = [
        row.select_one(".reported-pay")
        for row in page.select(".comp-table tbody tr")
        if level is None or row.td.get_text().strip().startswith(level)
    ]
    return " ".join(cells[0].get_text().split()) if cells and cells[0] else ""


def moderate(client, obj, decision, reason="", model="review"):
    return client.post(
        f"/admin/companies/{model}/{obj.pk}/moderate/",
        {"decision": decision, f"reason-{obj.pk}": reason},
        HTTP_REFERER=f"http://testserver/admin/companies/{model}/?status__exact=pending",
    )


def test_the_whole_path_from_review_and_pay_report_to_published_and_back(
    reader, fernhill, editor_client, django_user_model, django_capture_on_commit_callbacks
):
    # The reader finds the forms from the company page.
    page = html(reader.get("/companies/fernhill/"))
    assert page.find("a", href="/companies/fernhill/reviews/write/")
    assert page.find("a", href="/companies/fernhill/pay/report/")

    # Preview first: the review as it will read, nothing stored.
    preview = reader.post("/companies/fernhill/reviews/write/", review_form(submit="", preview="1"))
    assert preview.status_code == 200
    assert "Design docs are read" in html(preview).select_one("#preview-heading").parent.get_text()
    assert not Review.objects.filter(author=reader.user).exists()

    response = reader.post("/companies/fernhill/reviews/write/", review_form())
    assert response.status_code == 302
    assert response["Location"] == "/companies/contributions/"
    header_link = html(reader.get("/")).select_one(".site-nav a[href='/companies/contributions/']")
    assert header_link.get_text() == "Your contributions"
    mine = html(reader.get("/companies/contributions/"))
    assert "Pending" in mine.select_one(".review-status").get_text()
    assert career_rating(reader) == "none", "two published reviews: not enough yet"

    # The editor sees the whole review and who sent it in the queue, then approves it.
    queue = html(editor_client.get("/admin/companies/review/")).get_text()
    assert "Promotions wait for a yearly committee." in queue
    assert "quiet-reader-7731" in queue
    review = Review.objects.get(author=reader.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderate(editor_client, review, "approve")
    assert response.status_code == 302
    assert response["Location"] == "/admin/companies/review/?status__exact=pending"

    assert [m.to for m in mail.outbox] == [["quiet-reader-7731@readers.example"]]
    assert "is published" in mail.outbox[0].subject
    assert (
        "Published"
        in html(reader.get("/companies/contributions/")).select_one(".review-status").get_text()
    )
    # (3 + 3 + 5) / 3
    assert career_rating(reader) == "3.7"

    # Pay: four reports are not enough, the fifth shows the median beside the band.
    for number, base in enumerate([140_000, 150_000, 160_000, 170_000]):
        other = reader_client(django_user_model, f"payer-{number}")
        assert other.post("/companies/fernhill/pay/report/", pay_form(base=base)).status_code == 302
    assert "Not enough reports yet (4 of 5)" in reported_pay(reader)
    assert reader.post("/companies/fernhill/pay/report/", pay_form(base=200_000)).status_code == 302
    # Totals add 30,000 of bonus and equity: 170, 180, 190, 200, 230 thousand.
    assert reported_pay(reader) == (
        f"Median USD 190,000, range USD 170,000–230,000 from 5 reports, {timezone.now().year}"
    )
    job = make_job(fernhill, level="l5", track="ic", slug="senior-at-fernhill")
    role = html(reader.get(job.get_absolute_url())).select_one(".reported-pay").get_text()
    assert "Median USD 190,000" in role

    # The reader deletes both; the ratings and the median return at once.
    review_link = html(reader.get("/companies/contributions/")).find(
        "a", href=f"/companies/contributions/reviews/{review.pk}/delete/"
    )
    assert review_link
    assert reader.post(review_link["href"]).status_code == 302
    assert career_rating(reader) == "none"
    report = PayReport.objects.get(author=reader.user)
    assert reader.post(f"/companies/contributions/pay/{report.pk}/delete/").status_code == 302
    assert "Not enough reports yet (4 of 5)" in reported_pay(reader)


def test_a_rejected_review_tells_the_reader_why(
    reader, fernhill, editor_client, django_capture_on_commit_callbacks
):
    reader.post("/companies/fernhill/reviews/write/", review_form())
    review = Review.objects.get(author=reader.user)

    with django_capture_on_commit_callbacks(execute=True):
        moderate(editor_client, review, "reject")  # no reason: refused
    review.refresh_from_db()
    assert review.status == "pending"
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        moderate(editor_client, review, "reject", reason="It names a colleague.")

    assert "was not published" in mail.outbox[0].subject
    assert "It names a colleague." in mail.outbox[0].body
    status = html(reader.get("/companies/contributions/")).select_one(".review-status")
    assert "Rejected" in status.get_text()
    assert "It names a colleague." in status.get_text()


def test_bulk_reject_asks_for_a_reason_and_tells_each_reader(
    django_user_model, fernhill, editor_client, django_capture_on_commit_callbacks
):
    readers = [reader_client(django_user_model, f"bulk-{n}") for n in range(2)]
    for client in readers:
        client.post("/companies/fernhill/reviews/write/", review_form())
    selection = {
        "action": "reject",
        "_selected_action": list(Review.objects.exclude(author=None).values_list("pk", flat=True)),
        "confirmed": "yes",
    }

    page = editor_client.post("/admin/companies/review/", selection)
    assert "Give the reason" in page.content.decode()
    assert Review.objects.filter(status="rejected").count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post("/admin/companies/review/", {**selection, "reason": "Copied text."})

    assert Review.objects.filter(status="rejected").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bulk-0@readers.example",
        "bulk-1@readers.example",
    ]


def test_one_review_per_company_per_interval_at_the_boundary(reader, fernhill, settings):
    settings.REVIEW_INTERVAL_DAYS = 365
    assert reader.post("/companies/fernhill/reviews/write/", review_form()).status_code == 302

    def sent(ago: timedelta) -> None:
        """The review was sent `ago`, as far as every record of it goes."""
        for model in (Review, Submission):
            model.objects.filter(author=reader.user).update(created_at=timezone.now() - ago)

    sent(timedelta(days=365) - timedelta(minutes=5))
    page = reader.get("/companies/fernhill/reviews/write/")
    assert "You have reviewed Fernhill recently" in page.content.decode()
    reader.post("/companies/fernhill/reviews/write/", review_form())
    assert Review.objects.filter(author=reader.user).count() == 1

    sent(timedelta(days=365) + timedelta(minutes=5))
    assert reader.post("/companies/fernhill/reviews/write/", review_form()).status_code == 302
    assert Review.objects.filter(author=reader.user).count() == 2


def test_deleting_a_review_and_writing_again_does_not_get_round_the_rules(
    reader, fernhill, settings
):
    assert reader.post("/companies/fernhill/reviews/write/", review_form()).status_code == 302
    review = Review.objects.get(author=reader.user)
    assert reader.post(f"/companies/contributions/reviews/{review.pk}/delete/").status_code == 302
    assert not Review.objects.filter(author=reader.user).exists()

    page = reader.post("/companies/fernhill/reviews/write/", review_form())
    assert "You have reviewed Fernhill recently" in page.content.decode()
    assert not Review.objects.filter(author=reader.user).exists()

    # Nor does it give back the day's allowance.
    settings.CONTRIBUTIONS_PER_ACCOUNT_PER_DAY = 2
    reader.post("/companies/fernhill/pay/report/", pay_form())
    for report in PayReport.objects.filter(author=reader.user):
        reader.post(f"/companies/contributions/pay/{report.pk}/delete/")
    assert not PayReport.objects.filter(author=reader.user).exists()
    assert reader.post("/companies/fernhill/pay/report/", pay_form()).status_code == 429


def test_pay_median_threshold_is_a_setting_tested_at_the_boundary(
    django_user_model, fernhill, settings
):
    settings.PAY_REPORTS_FOR_MEDIAN = 3
    clients = [reader_client(django_user_model, f"p{n}") for n in range(3)]
    for client in clients[:2]:
        client.post("/companies/fernhill/pay/report/", pay_form())
    assert "Not enough reports yet (2 of 3)" in reported_pay(clients[0])

    clients[2].post("/companies/fernhill/pay/report/", pay_form())

    assert reported_pay(clients[0]).startswith("Median USD 180,000")


def test_a_role_family_shows_as_engineering_until_five_reviews_share_it(
    django_user_model, fernhill, editor_client, settings
):
    assert settings.REVIEWS_FOR_ROLE_FAMILY == 5
    for number in range(5):
        client = reader_client(django_user_model, f"mobile-{number}")
        client.post("/companies/fernhill/reviews/write/", review_form(role_family="mobile"))
    reviews = list(Review.objects.filter(role_family="mobile"))
    Review.objects.filter(pk__in=[r.pk for r in reviews[:4]]).moderate("published")

    page = html(editor_client.get("/companies/fernhill/reviews/"))
    shown = {p.span.get_text() for p in page.select(".review .meta")}
    assert "Mobile engineering" not in page.get_text()
    assert "Engineering" in shown
    # Nor can the filter single the family out.
    filtered = html(editor_client.get("/companies/fernhill/reviews/?family=mobile"))
    assert "Ignored unknown role family “mobile”" in filtered.get_text()

    Review.objects.filter(pk=reviews[4].pk).moderate("published")

    page = html(editor_client.get("/companies/fernhill/reviews/?family=mobile"))
    assert [p.span.get_text() for p in page.select(".review .meta")] == ["Mobile engineering"] * 5


def test_no_public_page_feed_or_json_ld_reveals_who_wrote_a_review_or_a_pay_report(
    django_user_model, fernhill, editor_client
):
    client = reader_client(
        django_user_model, "zebedee-unique-handle", email="zebedee.unique@private.example"
    )
    client.post("/companies/fernhill/reviews/write/", review_form())
    client.post("/companies/fernhill/pay/report/", pay_form())
    Review.objects.filter(author=client.user).moderate("published")
    job = make_job(fernhill, slug="role-at-fernhill")
    secrets = ["zebedee", "private.example", str(client.user.pk) + "@"]
    anonymous = Client()

    pages = [
        "/",
        "/companies/",
        "/companies/fernhill/",
        "/companies/fernhill/reviews/",
        "/companies/fernhill/reviews/?sort=rating&relation=current",
        job.get_absolute_url(),
        "/jobs/",
        "/jobs/feed/",
        "/search/?q=fernhill",
        "/sitemap.xml",
    ]
    for url in pages:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Design docs are read" in body or url not in pages[2:5], url
        for secret in secrets:
            assert secret not in body, f"{url} shows {secret}"
    json_ld = html(anonymous.get("/companies/fernhill/")).find_all(
        "script", type="application/ld+json"
    )
    assert json_ld
    assert not any("zebedee" in script.get_text() for script in json_ld)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rating_career": "9"}, "rating_career", "Select a valid choice"),
        ({"rating_overall": ""}, "rating_overall", "This field is required"),
        ({"pros": "   "}, "pros", "This field is required"),
        ({"cons": "x" * 4001}, "cons", "at most 4000 characters"),
        ({"pros": "<script>alert(1)</script>"}, "pros", "HTML tags"),
        ({"headline": "<img src=x onerror=alert(1)>"}, "headline", "HTML tags"),
        ({"employment_status": "former", "last_year": ""}, "last_year", "last year you worked"),
        ({"employment_status": "former", "last_year": "2999"}, "last_year", "Give a year"),
        ({"role_family": "astronaut"}, "role_family", "Select a valid choice"),
    ],
)
def test_bad_reviews_get_a_clear_error_and_nothing_is_stored(
    reader, fernhill, overrides, field, message
):
    response = reader.post("/companies/fernhill/reviews/write/", review_form(**overrides))

    assert response.status_code == 200
    page = html(response)
    errors = page.find(attrs={"name": field}).find_parent(class_="field").select_one(".errorlist")
    assert message in errors.get_text()
    assert "nothing was stored" in page.get_text()
    assert not Review.objects.filter(author=reader.user).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"currency": "XXX"}, "currency", "Select a valid choice"),
        ({"base": "-5"}, "base", "greater than or equal to 0"),
        ({"base": "0"}, "base", "Give your base salary"),
        ({"base": "99999999999"}, "base", "check the figure"),
        ({"year": "1990"}, "year", "Give a year"),
        ({"level": "l99"}, "level", "Select a valid choice"),
        ({"location": "<b>Berlin</b>"}, "location", "HTML tags"),
    ],
)
def test_bad_pay_reports_get_a_clear_error_and_nothing_is_stored(
    reader, fernhill, overrides, field, message
):
    response = reader.post("/companies/fernhill/pay/report/", pay_form(**overrides))

    assert response.status_code == 200
    errors = html(response).find(attrs={"name": field}).find_parent(class_="field")
    assert message in errors.select_one(".errorlist").get_text()
    assert not PayReport.objects.exists()


def test_unknown_and_unlisted_companies_cannot_be_reviewed(reader):
    make_company("Hidden", slug="hidden", is_listed=False)

    for url in ["/companies/nowhere/reviews/write/", "/companies/hidden/pay/report/"]:
        assert reader.get(url).status_code == 404
        assert reader.post(url, review_form()).status_code == 404
    assert not Review.objects.exists()


def test_hostile_markdown_and_html_in_a_review_render_as_text(client, fernhill):
    Review.objects.create(
        company=fernhill,
        headline="**bold** [x](javascript:alert(1))",
        pros="<script>alert('pros')</script>",
        cons='<img src=x onerror="alert(1)">',
        reviewer_role="Engineer",
        employment_status="current",
        status="published",
        **dict.fromkeys(SCORES, 4),
    )

    response = client.get("/companies/fernhill/reviews/")
    body = response.content.decode()

    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(&#x27;pros&#x27;)&lt;/script&gt;" in body
    assert (
        "**bold** [x](javascript:alert(1))"
        in html(response).select_one(".review .card__title").get_text()
    )


def test_the_honeypot_stores_nothing(reader, fernhill):
    response = reader.post(
        "/companies/fernhill/reviews/write/", review_form(website="spam.example")
    )

    assert response.status_code == 400
    assert "Nothing was stored" in response.content.decode()
    assert not Review.objects.filter(author=reader.user).exists()
    assert reader.post("/companies/fernhill/pay/report/", pay_form(website="x")).status_code == 400
    assert not PayReport.objects.exists()


def test_contributions_need_a_signed_in_reader_with_a_verified_address(
    client, django_user_model, fernhill
):
    response = client.get("/companies/fernhill/reviews/write/")
    assert response.status_code == 302
    assert "login" in response["Location"]

    for unverified in (
        reader_client(django_user_model, "no-address", email=""),
        reader_client(django_user_model, "not-yet-verified", verified=False),
    ):
        response = unverified.post("/companies/fernhill/reviews/write/", review_form())
        assert response.status_code == 403
        assert "Verify your email address" in response.content.decode()
    assert not Review.objects.exclude(author=None).exists()


def test_rate_limits_per_account_and_per_address(django_user_model, fernhill, settings):
    settings.CONTRIBUTIONS_PER_ACCOUNT_PER_DAY = 2
    settings.CONTRIBUTIONS_PER_ADDRESS_PER_DAY = 3
    first = reader_client(django_user_model, "busy")
    second = reader_client(django_user_model, "neighbour")
    second.defaults["REMOTE_ADDR"] = first.defaults["REMOTE_ADDR"]  # one network
    others = [make_company(f"Other {n}", slug=f"other-{n}") for n in range(3)]

    assert first.post("/companies/fernhill/reviews/write/", review_form()).status_code == 302
    assert first.post("/companies/fernhill/pay/report/", pay_form()).status_code == 302
    refused = first.post(f"/companies/{others[0].slug}/reviews/write/", review_form())
    assert refused.status_code == 429
    assert "Please come back tomorrow" in refused.content.decode()

    # Same address, another account: the address limit is 3.
    assert (
        second.post(f"/companies/{others[1].slug}/reviews/write/", review_form()).status_code == 302
    )
    assert (
        second.post(f"/companies/{others[2].slug}/reviews/write/", review_form()).status_code == 429
    )
    # From elsewhere, the same account is welcome.
    elsewhere = second.post(
        f"/companies/{others[2].slug}/reviews/write/", review_form(), REMOTE_ADDR="203.0.113.9"
    )
    assert elsewhere.status_code == 302
    assert Review.objects.count() == 2 + 2 + 1


def test_a_burst_of_reviews_for_one_company_is_flagged_in_the_queue(
    django_user_model, fernhill, editor_client, settings
):
    settings.REVIEW_BURST_COUNT = 3
    settings.REVIEW_BURST_HOURS = 24
    for number in range(2):
        reader_client(django_user_model, f"b{number}").post(
            "/companies/fernhill/reviews/write/", review_form()
        )
    assert not Review.objects.filter(flags__contains=["burst"]).exists()

    reader_client(django_user_model, "b2").post("/companies/fernhill/reviews/write/", review_form())

    assert Review.objects.filter(flags__contains=["burst"]).count() == 3
    queue = html(editor_client.get("/admin/companies/review/"))
    assert len(queue.select("#result_list .flag")) == 3
    assert "Burst of reviews for this company" in queue.get_text()


def test_an_account_editors_do_not_trust_has_everything_held(
    reader, fernhill, editor_client, django_user_model
):
    reader.post("/companies/fernhill/reviews/write/", review_form())
    review = Review.objects.get(author=reader.user)
    editor_client.post(
        "/admin/companies/review/",
        {"action": "distrust_authors", "_selected_action": [review.pk]},
    )
    assert Contributor.objects.get(user=reader.user).is_trusted is False

    reader.post("/companies/fernhill/pay/report/", pay_form())
    other = make_company("Elsewhere", slug="elsewhere")
    reader.post("/companies/elsewhere/reviews/write/", review_form())

    report = PayReport.objects.get(author=reader.user)
    assert report.status == "held"
    assert Review.objects.get(author=reader.user, company=other).flags == ["untrusted"]
    assert "NOT TRUSTED" in html(editor_client.get("/admin/companies/payreport/")).get_text()
    assert (
        "held"
        in html(reader.get("/companies/contributions/"))
        .select_one(".payreport-status")
        .get_text()
        .lower()
    )


def test_pay_far_from_the_rest_of_its_level_is_held_until_an_editor_counts_it(
    django_user_model, fernhill, editor_client, settings
):
    settings.PAY_OUTLIER_MADS = 3
    for number, base in enumerate([140_000, 145_000, 150_000, 155_000, 160_000]):
        reader_client(django_user_model, f"o{number}").post(
            "/companies/fernhill/pay/report/", pay_form(base=base, bonus=0, equity=0)
        )
    # Median 150,000; deviations 10, 5, 0, 5, 10 thousand: median deviation 5,000, so up to
    # 15,000 away is within 3.
    far = reader_client(django_user_model, "far")
    far.post("/companies/fernhill/pay/report/", pay_form(base=166_000, bonus=0, equity=0))
    near = reader_client(django_user_model, "near")
    near.post("/companies/fernhill/pay/report/", pay_form(base=165_000, bonus=0, equity=0))

    assert PayReport.objects.get(author=near.user).status == "approved"
    held = PayReport.objects.get(author=far.user)
    assert held.status == "held"
    assert "3.2 median deviations" in held.hold_reason
    assert "6 reports" in reported_pay(near)

    queue = html(editor_client.get("/admin/companies/payreport/"))
    assert "3.2 median deviations" in queue.get_text()
    moderate(editor_client, held, "approve", model="payreport")

    assert "7 reports" in reported_pay(near)


def test_reviews_page_through_every_published_review_sorted_and_filtered(client, fernhill):
    company = give_reviews(make_company("Many", slug="many"), 23)
    Review.objects.filter(company=company).update(rating_overall=3)
    best = Review.objects.filter(company=company).first()
    Review.objects.filter(pk=best.pk).update(rating_overall=5, headline="The best one")
    Review.objects.filter(company=company).exclude(pk=best.pk).filter(
        pk__in=Review.objects.filter(company=company).values("pk")[:4]
    ).update(employment_status="former")

    detail = html(client.get("/companies/many/"))
    assert len(detail.select(".review")) == 5
    assert detail.find("a", href="/companies/many/reviews/").get_text() == "Read all 23 reviews"

    first = html(client.get("/companies/many/reviews/"))
    second = html(client.get("/companies/many/reviews/?page=2"))
    assert len(first.select(".review")) == 20
    assert len(second.select(".review")) == 3
    by_rating = html(client.get("/companies/many/reviews/?sort=rating"))
    assert by_rating.select_one(".review .card__title").get_text() == "The best one"
    former = html(client.get("/companies/many/reviews/?relation=former"))
    assert {p.select("span")[1].get_text() for p in former.select(".review .meta")} == {
        "Former employee"
    }


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("sort=loudest", "Ignored unknown sort “loudest”"),
        ("relation=contractor", "Ignored unknown relation “contractor”"),
        ("family=%00", "Ignored a role family value that was not valid"),
        ("page=99", "There is no page 99"),
        ("page=abc", "not a number"),
    ],
)
def test_bad_review_list_input_is_ignored_with_a_notice(client, fernhill, query, notice):
    response = client.get(f"/companies/fernhill/reviews/?{query}")

    assert response.status_code == 200
    assert notice in html(response).select_one(".notice").get_text()


def test_the_reviews_page_does_a_fixed_number_of_queries(
    client, fernhill, django_assert_num_queries
):
    give_reviews(fernhill, 1)
    # 1 company (with the role families shown, which the database derives), 1 count, 1 page
    # of reviews.
    with django_assert_num_queries(3):
        assert client.get("/companies/fernhill/reviews/").status_code == 200
    give_reviews(fernhill, 50)
    with django_assert_num_queries(3):
        assert client.get("/companies/fernhill/reviews/").status_code == 200


def test_company_count_does_not_change_when_a_reader_writes(reader, fernhill):
    """A pending review changes nothing public until an editor approves it."""
    reader.post("/companies/fernhill/reviews/write/", review_form())

    assert Company.objects.get(pk=fernhill.pk).review_count == 2


def test_changing_the_status_on_the_review_form_is_a_moderation_decision(
    reader, fernhill, editor_client, django_capture_on_commit_callbacks
):
    reader.post("/companies/fernhill/reviews/write/", review_form())
    review = Review.objects.get(author=reader.user)
    url = f"/admin/companies/review/{review.pk}/change/"
    data = admin_form_data(editor_client, url)

    refused = editor_client.post(url, {**data, "status": "rejected", "rejection_reason": ""})
    assert "Say why: the reader is told." in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, {**data, "status": "rejected", "rejection_reason": "Off topic."})

    review.refresh_from_db()
    assert (review.status, review.rejection_reason) == ("rejected", "Off topic.")
    assert review.moderated_at is not None
    assert "Off topic." in mail.outbox[0].body


def test_the_worker_emails_the_reader_the_editors_reason(
    worker, smtp_server, django_user_model, admin_client
):
    company = make_company("Worked", slug="worked")
    reader = reader_client(django_user_model, "worker-reader")
    reader.post("/companies/worked/reviews/write/", review_form())
    review = Review.objects.get(author=reader.user)

    moderate(admin_client, review, "reject", reason="Names a <colleague>.")

    worker.wait_until_idle()
    (message,) = smtp_server.wait_for(1)
    assert smtp_server.recipients == [["worker-reader@readers.example"]]
    assert message["Subject"] == f"Your review of {company.name} was not published"
    assert "Names a <colleague>." in message.get_body(("plain",)).get_content()
    assert "Names a &lt;colleague&gt;." in message.get_body(("html",)).get_content()


def test_a_readers_export_holds_their_reviews_and_pay_reports_and_deleting_the_account_removes_them(
    reader, fernhill
):
    reader.post("/companies/fernhill/reviews/write/", review_form())
    reader.post("/companies/fernhill/pay/report/", pay_form())

    document = json.loads(reader.get("/account/export/").content)
    (review,) = document["contributions"]["reviews"]
    assert review["headline"] == "Real design reviews, slow promotions"
    assert review["company"] == "Fernhill"
    (report,) = document["contributions"]["pay_reports"]
    assert (report["level"], report["base"]) == ("l5", 150000)

    reader.user.delete()
    assert not Review.objects.exclude(author=None).exists()
    assert not PayReport.objects.exists()


def test_one_account_cannot_set_a_public_median(django_user_model, fernhill, settings):
    settings.PAY_REPORTS_FOR_MEDIAN = 5
    huge = pay_form(level="l7", base="9999000", bonus="0", equity="0")
    mallory = reader_client(django_user_model, "mallory")
    for _ in range(5):
        assert mallory.post("/companies/fernhill/pay/report/", huge).status_code == 302
    shown = reported_pay(mallory, level="L7")
    assert "9,999,000" not in shown
    assert "Not enough reports yet (1 of 5)" in shown, "one account is one report"

    # Five readers from one network are one source too.
    network = [reader_client(django_user_model, f"sock{n}") for n in range(4)]
    for client in network:
        client.defaults["REMOTE_ADDR"] = mallory.defaults["REMOTE_ADDR"]
        client.post("/companies/fernhill/pay/report/", huge)
    assert "9,999,000" not in reported_pay(mallory, level="L7")

    # Honest readers make the median; the one account still weighs one report.
    honest = [reader_client(django_user_model, f"honest{n}") for n in range(5)]
    for n, client in enumerate(honest):
        client.post(
            "/companies/fernhill/pay/report/", pay_form(level="l7", base=str(300_000 + n * 1000))
        )
    shown = reported_pay(mallory, level="L7")
    assert shown.startswith("Median USD 33"), shown


def test_a_wild_figure_is_held_before_a_company_has_any_reports(
    django_user_model, fernhill, settings
):
    settings.PAY_REPORTS_FOR_MEDIAN = 5
    # The level elsewhere: five readers at other companies.
    for n in range(5):
        company = make_company(f"Elsewhere {n}", slug=f"elsewhere-{n}")
        reader_client(django_user_model, f"elsewhere{n}").post(
            f"/companies/{company.slug}/pay/report/", pay_form(level="l7", base="320000")
        )
    mallory = reader_client(django_user_model, "mallory")
    mallory.post(
        "/companies/fernhill/pay/report/",
        pay_form(level="l7", base="9999000", bonus="0", equity="0"),
    )
    report = PayReport.objects.get(author=mallory.user)
    assert report.status == "held"
    assert "times the median" in report.hold_reason
    # A plausible first figure counts at once.
    plausible = reader_client(django_user_model, "plausible")
    plausible.post("/companies/fernhill/pay/report/", pay_form(level="l7", base="350000"))
    assert PayReport.objects.get(author=plausible.user).status == "approved"


def test_the_review_forms_radio_groups_offer_only_real_answers(reader, fernhill):
    page = html(reader.get("/companies/fernhill/reviews/write/"))
    status = page.select('input[type=radio][name="employment_status"]')
    assert [radio["value"] for radio in status] == ["current", "former"]
    assert not any(radio.has_attr("checked") for radio in status)
    for radio in page.select("input[type=radio]"):
        assert radio["value"], radio
