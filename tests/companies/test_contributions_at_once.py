"""The limits on contributions hold for requests sent at the same moment, through the real
server: one account's sends are taken one at a time."""

import threading

import pytest
from django.conf import settings
from django.test import Client

from companies.models import Review
from tests.companies.test_contributions import reader_client, review_form
from tests.conftest import make_company, post_form

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]


def test_four_reviews_sent_at_once_store_one(live_site, django_user_model):
    make_company("Fernhill", slug="fernhill")
    reader: Client = reader_client(django_user_model, "hasty-reader")
    session = reader.cookies[settings.SESSION_COOKIE_NAME].value
    start = threading.Barrier(4)
    statuses = []

    def send():
        start.wait()
        status, _ = post_form(
            live_site,
            "/companies/fernhill/reviews/write/",
            review_form(),
            cookies=f"{settings.SESSION_COOKIE_NAME}={session}",
        )
        statuses.append(status)

    senders = [threading.Thread(target=send) for _ in range(4)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    assert Review.objects.filter(author=reader.user).count() == 1
    # One stored; the others refused, before the form (200, saying why) or inside the lock.
    assert statuses.count(302) == 1, statuses
    assert set(statuses) <= {302, 200, 409}, statuses
