"""A company's answer under a review: written by a member of its team, published by an editor.

One answer per review, signed as the company. The team sees a review exactly as the public
does (companies/_review.html): never who wrote it, and nothing here reads the reviewer. When
an editor publishes the answer, the reviewer is mailed at their own address by the worker,
which the team never learns; a rejected answer goes back to the team with the reason, and
they may write it again. ANSWERS_PER_DAY limits how many one account writes in 24 hours.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from companies.contributions import Refused
from companies.models import AnswerStatus, Review, ReviewAnswer
from core import mail


def answerable(company):
    """The company's published reviews, newest first, each with its answer if any."""
    return Review.objects.published().filter(company=company).select_related("answer")


@transaction.atomic
def write(review: Review, *, text: str, user) -> ReviewAnswer:
    """The team's answer, waiting for an editor; raises Refused when the review already has
    one (waiting or published) or the account has written its day's answers."""
    answer = ReviewAnswer.objects.select_for_update().filter(review=review).first()
    if answer is not None and answer.status != AnswerStatus.REJECTED:
        raise Refused(
            "This review has an answer",
            "A company answers each review once. The answer is shown on the team's page.",
            409,
        )
    since = timezone.now() - timedelta(days=1)
    if (
        ReviewAnswer.objects.filter(author=user, created_at__gte=since).count()
        >= settings.ANSWERS_PER_DAY
    ):
        raise Refused(
            "Too many answers today",
            "You have answered the most reviews we accept from one account in a day. Please "
            "come back tomorrow.",
            429,
        )
    answer = answer or ReviewAnswer(review=review)
    answer.text, answer.author, answer.status = text, user, AnswerStatus.PENDING
    answer.rejection_reason, answer.created_at = "", timezone.now()
    answer.save()
    return answer


@transaction.atomic
def publish(answer: ReviewAnswer) -> None:
    answer.status, answer.published_at = AnswerStatus.PUBLISHED, timezone.now()
    answer.save(update_fields=["status", "published_at"])
    review = answer.review
    if review.author is not None and review.author.email:
        mail.enqueue(
            mail.render(
                "employers/email/answer_to_reviewer",
                review.author.email,
                {"review": review, "company": review.company, "answer": answer},
            ),
            user_id=review.author_id,
        )
    _tell_the_writer(answer, "employers/email/answer_published")


@transaction.atomic
def reject(answer: ReviewAnswer, reason: str) -> None:
    if not reason.strip():
        raise ValueError("A rejection says why.")
    answer.status, answer.rejection_reason = AnswerStatus.REJECTED, reason.strip()
    answer.save(update_fields=["status", "rejection_reason"])
    _tell_the_writer(answer, "employers/email/answer_rejected")


def _tell_the_writer(answer: ReviewAnswer, template: str) -> None:
    if answer.author is None or not answer.author.email:
        return
    context = {
        "answer": answer,
        "company": answer.review.company,
        "headline": answer.review.headline,
    }
    mail.enqueue(mail.render(template, answer.author.email, context), user_id=answer.author_id)
