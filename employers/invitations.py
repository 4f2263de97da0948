"""A team's owner inviting colleagues. The address must be one the company's claims would
accept (claims.address_problem: its domains, plain ASCII, no free mail); a signed link is
mailed there, working for CLAIM_LINK_DAYS. Whoever follows it, signed in (or after signing up),
and presses the button joins the team with that address: the owner's invitation stands for an
editor's approval, the link for the address being theirs. The owner is mailed when they join.
INVITATIONS_PER_DAY limits how many an owner sends; inviting an address again replaces its
open invitation, whose link then stops working."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from companies.contributions import Refused
from core import mail
from employers import claims
from employers.models import Invitation, InvitationStatus, Member

SALT = "employers.invitation"


def invite(owner: Member, email: str) -> Invitation:
    """Record an invitation and mail its link; raises Refused when a rule forbids it."""
    company = owner.company
    if not owner.is_owner:
        raise Refused(
            "Only the team's owner invites", "Ask the team's owner to invite a colleague.", 403
        )
    if problem := claims.address_problem(company, email):
        raise Refused("We cannot use this address", problem, 400)
    if Member.objects.filter(company=company, email__iexact=email).exists():
        raise Refused("Already on the team", f"{email} is already on the team.", 409)
    since = timezone.now() - timedelta(days=1)
    sent = Invitation.objects.filter(invited_by=owner.user, created_at__gte=since).count()
    if sent >= settings.INVITATIONS_PER_DAY:
        raise Refused(
            "Too many invitations today",
            "You have sent as many invitations as we send for one owner in a day. Please "
            "come back tomorrow.",
            429,
        )
    with transaction.atomic():
        # One invitation at a time per company: the same one sent twice at once is one.
        list(type(company).objects.select_for_update().filter(pk=company.pk))
        Invitation.objects.filter(
            company=company, email=email, status=InvitationStatus.PENDING
        ).update(status=InvitationStatus.WITHDRAWN)
        invitation = Invitation.objects.create(
            company=company, email=email, invited_by=owner.user, sender=owner.email
        )
        message = mail.render(
            "employers/email/invitation",
            email,
            {
                "invitation": invitation,
                "company": company,
                "link": url(invitation),
                "link_days": settings.CLAIM_LINK_DAYS,
            },
        )
        mail.enqueue(message, user_id=owner.user_id)
    return invitation


def url(invitation: Invitation) -> str:
    token = signing.dumps(
        {"invitation": invitation.pk, "email": invitation.email}, salt=SALT, compress=True
    )
    return settings.SITE_URL + reverse("employers:invitation", args=[token])


def from_token(token: str) -> Invitation | None:
    """The open invitation a link is for, when the link is genuine and in date; else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.CLAIM_LINK_DAYS * 86_400)
        pk, email = int(data["invitation"]), str(data["email"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (
        Invitation.objects.select_related("company", "invited_by")
        .filter(pk=pk, email=email, status=InvitationStatus.PENDING)
        .first()
    )


@transaction.atomic
def accept(invitation: Invitation, user) -> Member | None:
    """Put `user` on the team with the invited address; mail the owner who invited them. None
    when the invitation is no longer open."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        return None  # withdrawn, replaced or used meanwhile
    member, created = Member.objects.get_or_create(
        company_id=invitation.company_id,
        user=user,
        defaults={"email": invitation.email, "is_owner": False},
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by, invitation.accepted_at = user, timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "accepted_at"])
    inviter = invitation.invited_by
    if created and inviter is not None and inviter.email:
        message = mail.render(
            "employers/email/invitation_accepted",
            inviter.email,
            {"invitation": invitation, "company": invitation.company},
        )
        mail.enqueue(message, user_id=inviter.pk)
    return member


def withdraw(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.WITHDRAWN
    )
