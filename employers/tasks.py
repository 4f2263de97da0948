"""What the worker does for companies' teams."""

from django.tasks import task

from employers import feeds


@task
def check_feed(feed_pk: int) -> None:
    """Read one company's job feed (employers.feeds.check)."""
    feeds.check(feed_pk)
