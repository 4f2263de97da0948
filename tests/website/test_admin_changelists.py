import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import give_reviews, make_company, make_guide, make_job, make_review, make_tag

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow(kind: str, count: int, author) -> None:
    for _ in range(count):
        if kind == "company":
            give_reviews(make_company(tags=[make_tag()]), 1)
        elif kind == "review":
            make_review(make_company(), status="pending")
        elif kind == "tag":
            make_tag()
        elif kind == "guide":
            guide = make_guide(author, slug=f"g-{make_tag().slug}")
            guide.tags.add(make_tag())
        elif kind == "job":
            make_job(make_company())


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("company", "/admin/companies/company/"),
        ("review", "/admin/companies/review/"),
        ("tag", "/admin/companies/culturetag/"),
        ("guide", "/admin/guides/guide/"),
        ("job", "/admin/jobs/job/"),
        ("job", "/admin/jobs/job/?status__exact=published&expired=no&workplace__exact=onsite"),
    ],
)
def test_admin_change_lists_keep_a_fixed_query_count_as_rows_grow(editor_client, author, kind, url):
    grow(kind, 1, author)
    few = queries_for(editor_client, url)
    grow(kind, 30, author)
    many = queries_for(editor_client, url)

    assert few == many, f"{url}: {few} queries for 1 row, {many} for 31"
