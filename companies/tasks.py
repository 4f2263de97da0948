"""Work done after the request, by the task worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string

from companies.models import Review, ReviewStatus


@task
def tell_reviewer(review_id: int) -> None:
    """Email a review's author that it was published or rejected (with the editor's reason).
    Nothing to say if the reader deleted it meanwhile, or it is pending again."""
    review = Review.objects.select_related("company", "author").filter(pk=review_id).first()
    if review is None or review.status == ReviewStatus.PENDING or not review.author.email:
        return
    context = {
        "review": review,
        "published": review.status == ReviewStatus.PUBLISHED,
        "site_url": settings.SITE_URL,
    }
    subject = (
        f"Your review of {review.company.name} is published"
        if context["published"]
        else f"Your review of {review.company.name} was not published"
    )
    send_mail(
        subject,
        render_to_string("companies/email/review_moderated.txt", context),
        None,
        [review.author.email],
    )
