"""Joining a company's team: the rules, written once for the views and the admin.

1. A signed-in reader with a verified account asks to join with an address at one of the
   company's email domains (companies.domains): plain ASCII, never a free-mail provider, never
   a look-alike of the real domain. CLAIMS_PER_ACCOUNT_PER_DAY and CLAIMS_PER_ADDRESS_PER_DAY
   limit how often; asking again for the same company replaces the open claim.
2. A link is mailed to that address, signed, working for CLAIM_LINK_DAYS; following it while
   signed in to the same account confirms the address, and the claim waits for an editor.
3. An editor approves (the first approved member owns the team) or refuses with a reason.
   The reader is mailed at every step, by the worker.

A team's owner may remove colleagues; editors may add and remove anyone in admin.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from companies.contributions import Refused
from companies.domains import FREE_MAIL, belongs_to, domain_of
from core import mail
from employers.models import Claim, ClaimStatus, Member

SALT = "employers.claim"
# The key space of the transaction locks that take one account's claims one at a time.
CLAIM_LOCK = 7_301_201


def address_problem(company, email: str) -> str | None:
    """Why `email` cannot be used to join `company`'s team, or None."""
    if not email.isascii():
        return (
            "Write the address in plain letters (a–z, digits, dots and hyphens): addresses with "
            "other characters can imitate a company's domain."
        )
    domain = domain_of(email)
    if domain is None:
        return "Enter an email address such as you@example.com."
    if domain in FREE_MAIL:
        return f"{domain} is a free-mail provider: use your work address at {company.name}."
    if not company.email_domains:
        return (
            f"We do not know {company.name}'s email domains yet, so we cannot check an "
            "address there. Write to the editors and we will add them."
        )
    if not belongs_to(email, company.email_domains):
        known = ", ".join(company.email_domains)
        return f"That address is not at {company.name}'s email domain{'s' if len(company.email_domains) > 1 else ''} ({known})."
    return None


def rate_limit_problem(user, address: str | None) -> str | None:
    """Why this account or network may ask for nothing more today, or None."""
    since = timezone.now() - timedelta(days=1)
    if (
        Claim.objects.filter(user=user, created_at__gte=since).count()
        >= settings.CLAIMS_PER_ACCOUNT_PER_DAY
    ):
        return (
            "You have asked to join teams several times in the last 24 hours, the most we "
            "accept from one account in a day. Please come back tomorrow."
        )
    if (
        address
        and Claim.objects.filter(requested_from=address, created_at__gte=since).count()
        >= settings.CLAIMS_PER_ADDRESS_PER_DAY
    ):
        return (
            "We have received too many requests to join teams from your network in the last "
            "24 hours. Please come back tomorrow."
        )
    return None


def is_member(user, company) -> bool:
    return user.is_authenticated and Member.objects.filter(user=user, company=company).exists()


@transaction.atomic
def request(company, user, *, email: str, job_title: str, address: str | None) -> Claim:
    """Record a claim and mail its confirmation link; raises Refused when a rule forbids it
    (checked again here, one claim of the account at a time)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CLAIM_LOCK, user.pk % 2**31])
    if is_member(user, company):
        raise Refused("You are on this team", f"You are already on {company.name}'s team.", 409)
    if problem := address_problem(company, email):
        raise Refused("We cannot use this address", problem, 400)
    if problem := rate_limit_problem(user, address):
        raise Refused("Too many requests today", problem, 429)
    Claim.objects.open().filter(company=company, user=user).update(status=ClaimStatus.WITHDRAWN)
    claim = Claim.objects.create(
        company=company, user=user, email=email, job_title=job_title, requested_from=address
    )
    _mail(
        claim,
        "employers/email/confirm",
        link=confirm_url(claim),
        link_days=settings.CLAIM_LINK_DAYS,
    )
    return claim


def confirm_url(claim: Claim) -> str:
    token = signing.dumps({"claim": claim.pk, "email": claim.email}, salt=SALT, compress=True)
    return settings.SITE_URL + reverse("employers:confirm", args=[token])


def from_token(token: str, user) -> Claim | None:
    """The claim a confirmation link is for, when the link is genuine, in date, and for this
    account's open claim; else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.CLAIM_LINK_DAYS * 86_400)
        pk, email = int(data["claim"]), str(data["email"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (
        Claim.objects.open().select_related("company").filter(pk=pk, email=email, user=user).first()
    )


@transaction.atomic
def confirm(claim: Claim) -> None:
    """The address is the reader's: the claim waits for an editor."""
    if claim.status != ClaimStatus.UNCONFIRMED:
        return
    claim.status, claim.confirmed_at = ClaimStatus.PENDING, timezone.now()
    claim.save(update_fields=["status", "confirmed_at"])
    _mail(claim, "employers/email/pending")


@transaction.atomic
def approve(claim: Claim, editor) -> Member:
    """Put the reader on the team, its owner when it has none; mail them."""
    Claim.objects.select_for_update().filter(pk=claim.pk).first()
    # One decision at a time per company, so that two approvals cannot both make an owner.
    list(type(claim.company).objects.select_for_update().filter(pk=claim.company_id))
    has_owner = Member.objects.filter(company_id=claim.company_id, is_owner=True).exists()
    member, _ = Member.objects.get_or_create(
        company_id=claim.company_id,
        user_id=claim.user_id,
        defaults={"email": claim.email, "is_owner": not has_owner, "claim": claim},
    )
    _decide(claim, ClaimStatus.APPROVED, editor)
    _mail(claim, "employers/email/approved", owner=member.is_owner)
    return member


@transaction.atomic
def refuse(claim: Claim, editor, reason: str) -> None:
    if not reason.strip():
        raise ValueError("A refusal says why.")
    claim.reason = reason.strip()
    _decide(claim, ClaimStatus.REFUSED, editor)
    _mail(claim, "employers/email/refused")


def _decide(claim: Claim, status: str, editor) -> None:
    claim.status, claim.decided_at, claim.decided_by = status, timezone.now(), editor
    claim.save(update_fields=["status", "reason", "decided_at", "decided_by"])


@transaction.atomic
def remove(member: Member, *, by: Member | None) -> None:
    """Take `member` off the team: by its owner (never themselves), or by an editor (None)."""
    if by is not None and (not by.is_owner or by.company_id != member.company_id or by == member):
        raise PermissionError("Only the team's owner removes colleagues, never themselves.")
    member.delete()
    mail.enqueue(
        mail.render(
            "employers/email/removed",
            member.user.email,
            {"company": member.company, "user": member.user},
        ),
        user_id=member.user_id,
    )


def _mail(claim: Claim, template: str, **context) -> None:
    """Mail the reader about their claim: the link to the address it is about, every later
    step to the account's own address."""
    to = claim.email if template.endswith("/confirm") else claim.user.email
    message = mail.render(template, to, {"claim": claim, "company": claim.company, **context})
    mail.enqueue(message, user_id=claim.user_id)
