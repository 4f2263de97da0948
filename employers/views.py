from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from companies import contributions
from companies.models import Company
from companies.views import REVIEWS_PER_PAGE
from core.filtering import paginate
from employers import answers, claims, feeds, invitations, profiles, roles
from employers.forms import ClaimForm, FeedForm, InvitationForm
from employers.models import (
    Claim,
    FeedStatus,
    Invitation,
    InvitationStatus,
    JobFeed,
    Member,
    ProposalStatus,
    RoleProposal,
)
from jobs import tallies
from jobs.models import ImportAction, ImportRow, Job


@require_safe
def for_employers(request):
    """What a company's team can do on Ladder, what is free, and what editors review."""
    return render(
        request,
        "employers/for_employers.html",
        {
            "link_days": settings.CLAIM_LINK_DAYS,
            "feed_minutes": max(1, settings.FEED_CHECK_SECONDS // 60),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def claim(request, slug):
    company = get_object_or_404(Company.objects.listed(), slug=slug)
    if claims.is_member(request.user, company):
        return redirect("employers:team", slug=company.slug)
    has_team = Member.objects.filter(company=company).exists()
    if not contributions.has_verified_email(request.user):
        return _refusal(
            request,
            company,
            "Verify your email address first",
            "We accept requests to join a company's team from readers whose own email address "
            "is verified. Follow the link we sent you when you signed up, then come back.",
            403,
        )
    form = ClaimForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            sent = claims.request(
                company,
                request.user,
                email=form.cleaned_data["email"],
                job_title=form.cleaned_data["job_title"],
                address=contributions.client_address(request),
            )
        except contributions.Refused as refused:
            return _refusal(request, company, refused.title, refused.message, refused.status)
        messages.success(
            request,
            f"We have mailed a link to {sent.email}. Follow it, signed in as you are now, "
            f"within {settings.CLAIM_LINK_DAYS} days to confirm the address.",
        )
        return redirect("employers:claims")
    return render(
        request,
        "employers/claim.html",
        {"company": company, "form": form, "has_team": has_team},
        status=400 if form.errors else 200,
    )


def _refusal(request, company, title: str, message: str, status: int):
    return render(
        request,
        "employers/refused.html",
        {"company": company, "title": title, "message": message},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link mailed to the work address: a page that confirms it with a button, so that a
    mail scanner following the link confirms nothing."""
    claim = claims.from_token(token, request.user)
    if claim is None:
        return render(
            request,
            "employers/link_invalid.html",
            {"link_days": settings.CLAIM_LINK_DAYS},
            status=404,
        )
    if request.method == "POST":
        claims.confirm(claim)
        messages.success(
            request,
            f"Thank you: {claim.email} is confirmed. An editor will look at your request to "
            f"join {claim.company.name}'s team, usually within two working days.",
        )
        return redirect("employers:claims")
    return render(request, "employers/confirm.html", {"claim": claim})


@login_required
@require_safe
def my_claims(request):
    """The reader's requests to join teams, and the teams they are on."""
    return render(
        request,
        "employers/claims.html",
        {
            "claims": Claim.objects.filter(user=request.user)
            .exclude(status="withdrawn")
            .select_related("company"),
            "teams": Member.objects.filter(user=request.user).select_related("company"),
        },
    )


def _membership(request, slug) -> Member:
    """The reader's place on the team of the company `slug`; 404 when they have none, so a
    page says nothing about a team to anyone outside it."""
    member = (
        Member.objects.filter(user=request.user, company__slug=slug)
        .select_related("company")
        .first()
    )
    if member is None:
        raise Http404("No such team")
    return member


@login_required
@require_safe
def team(request, slug):
    member = _membership(request, slug)
    return render(
        request,
        "employers/team.html",
        {
            "member": member,
            "company": member.company,
            "team": Member.objects.filter(company=member.company).select_related("user"),
            "proposals": RoleProposal.objects.filter(company=member.company)
            .exclude(status=ProposalStatus.APPROVED)
            .select_related("job"),
            "roles": _with_counts(Job.objects.filter(company=member.company)),
            "shown_days": tallies.SHOWN_DAYS,
            "renewal_days": settings.ROLE_RENEWAL_DAYS,
            "feed": JobFeed.objects.filter(company=member.company).first(),
            "profile_proposal": profiles.open_proposal(member.company),
            "invitations": Invitation.objects.filter(
                company=member.company, status=InvitationStatus.PENDING
            ),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request, slug):
    """The owner invites a colleague by their work address."""
    member = _membership(request, slug)
    company = member.company
    if not member.is_owner:
        return _refusal(
            request,
            company,
            "Only the team's owner invites",
            "Ask the team's owner to invite your colleague, or have them ask to join from the "
            "company's page.",
            403,
        )
    form = InvitationForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            sent = invitations.invite(member, form.cleaned_data["email"])
        except contributions.Refused as refused:
            return _refusal(request, company, refused.title, refused.message, refused.status)
        messages.success(
            request,
            f"We have mailed an invitation to {sent.email}. Their link works for "
            f"{settings.CLAIM_LINK_DAYS} days.",
        )
        return redirect("employers:team", slug=slug)
    return render(
        request,
        "employers/invite.html",
        {"company": company, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def withdraw_invitation(request, slug, pk):
    member = _membership(request, slug)
    if not member.is_owner:
        raise Http404("No such invitation")
    invitation = get_object_or_404(Invitation, company=member.company, pk=pk)
    invitations.withdraw(invitation)
    messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("employers:team", slug=slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """The link mailed to an invited colleague: a page that accepts it with a button, so
    that a mail scanner following the link accepts nothing."""
    invited = invitations.from_token(token)
    if invited is None:
        return render(
            request,
            "employers/link_invalid.html",
            {"link_days": settings.CLAIM_LINK_DAYS},
            status=404,
        )
    if request.method == "POST":
        if invitations.accept(invited, request.user) is None:
            return render(
                request,
                "employers/link_invalid.html",
                {"link_days": settings.CLAIM_LINK_DAYS},
                status=404,
            )
        messages.success(request, f"You are on {invited.company.name}'s team.")
        return redirect("employers:team", slug=invited.company.slug)
    return render(request, "employers/invitation.html", {"invitation": invited})


def _with_counts(jobs) -> list[Job]:
    """The roles, newest first, each with its page views and apply clicks over the last
    tallies.SHOWN_DAYS days (`views`, `clicks`) and whether the team may renew it now."""
    listed = list(
        jobs.select_related("company").annotate(renewed=Count("renewals")).order_by("-created_at")
    )
    counts = tallies.of_roles(listed)
    now = timezone.now()
    for job in listed:
        job.views, job.clicks = counts.get(job.pk, (0, 0))
        job.can_renew = roles.renewable(job, job.renewed, now)
    return listed


@login_required
@require_POST
def renew_role(request, slug, pk):
    """Keeping a role open longer needs no review, within the company's limit."""
    member = _membership(request, slug)
    job = get_object_or_404(Job.objects.filter(company=member.company), pk=pk)
    try:
        job = roles.renew(job, request.user)
    except contributions.Refused as refused:
        return _refusal(request, member.company, refused.title, refused.message, refused.status)
    messages.success(request, f"“{job.title}” is open until {job.expires_at:%-d %b %Y}.")
    return redirect("employers:team", slug=slug)


@login_required
@require_POST
def remove(request, slug, pk):
    member = _membership(request, slug)
    colleague = get_object_or_404(Member.objects.filter(company=member.company), pk=pk)
    if not member.is_owner or colleague == member:
        raise Http404("No such colleague")
    claims.remove(colleague, by=member)
    messages.success(request, f"{colleague.email} is no longer on the team.")
    return redirect("employers:team", slug=member.company.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_role(request, slug):
    member = _membership(request, slug)
    return _role_form(request, member, RoleProposal(company=member.company))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_proposal(request, slug, pk):
    member = _membership(request, slug)
    proposal = get_object_or_404(
        RoleProposal.objects.editable().filter(company=member.company), pk=pk
    )
    return _role_form(request, member, proposal)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_role(request, slug, pk):
    """A change to one of the company's roles, proposed: its public page stays as it is until
    an editor approves the change."""
    member = _membership(request, slug)
    job = get_object_or_404(Job.objects.filter(company=member.company), pk=pk)
    open_change = RoleProposal.objects.editable().filter(job=job).first()
    if open_change is not None:
        return redirect("employers:edit_role", slug=slug, pk=open_change.pk)
    proposal = RoleProposal(company=member.company, job=job, values=roles.initial_values(job))
    return _role_form(request, member, proposal)


def _role_form(request, member, proposal: RoleProposal):
    company = member.company
    if request.method == "POST":
        form = roles.RoleForm(request.POST, instance=proposal.job or Job(company=company))
        action = request.POST.get("action", "draft")
        valid = form.is_valid()
        if action == "preview" and valid:
            return render(
                request,
                "employers/role_preview.html",
                {
                    "company": company,
                    "form": form,
                    "proposal": proposal,
                    "job": roles.preview(proposal, form),
                    "fields": roles.as_pairs(roles.values_of(form)),
                },
            )
        if valid or action == "draft":
            try:
                roles.save(proposal, form, user=request.user, submit=valid and action == "submit")
            except contributions.Refused as refused:
                return _refusal(request, company, refused.title, refused.message, refused.status)
            if proposal.status == ProposalStatus.IN_REVIEW:
                messages.success(
                    request,
                    f"“{proposal.title}” is with the editors. We will email you when they "
                    "have looked at it, usually within two working days.",
                )
            elif proposal.status == ProposalStatus.APPROVED:
                messages.success(
                    request,
                    f"“{proposal.title}” is published: the editors let your team publish "
                    "without review.",
                )
            else:
                messages.success(request, f"“{proposal.title}” is saved as a draft.")
            return redirect("employers:team", slug=company.slug)
    elif proposal.values:
        form = roles.bound(proposal.values, instance=proposal.job or Job(company=company))
    else:
        form = roles.RoleForm(instance=Job(company=company))
    return render(
        request,
        "employers/role_form.html",
        {"company": company, "form": form, "proposal": proposal},
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
@require_POST
def close_role(request, slug, pk):
    """Closing needs no review: the role leaves the board at once and its page says so."""
    member = _membership(request, slug)
    job = get_object_or_404(Job.objects.filter(company=member.company), pk=pk)
    Job.objects.filter(pk=job.pk).close()
    messages.success(request, f"“{job.title}” is closed.")
    return redirect("employers:team", slug=slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request, slug):
    """The company's profile as the team would have it: the open proposal's fields (or the
    profile as it is), sent for an editor's review."""
    member = _membership(request, slug)
    company = member.company
    pending = profiles.open_proposal(company)
    if request.method == "POST":
        form = profiles.ProfileForm(request.POST, request.FILES, instance=company)
        if form.is_valid():
            try:
                profiles.send(company, form, user=request.user)
            except contributions.Refused as refused:
                return _refusal(request, company, refused.title, refused.message, refused.status)
            messages.success(
                request,
                "The profile is with the editors; the public page stays as it is until one "
                "approves it. We email you when they decide.",
            )
            return redirect("employers:team", slug=slug)
    elif pending is not None:
        form = roles.bound(pending.values, instance=company, form_class=profiles.ProfileForm)
        form.is_valid()  # shows what the editors would find wrong
    else:
        form = profiles.ProfileForm(instance=company)
    # The form saves nothing: the company as the page shows it is read again.
    company = Company.objects.get(pk=company.pk)
    return render(
        request,
        "employers/profile_form.html",
        {"company": company, "form": form, "pending": pending},
        status=400 if request.method == "POST" else 200,
    )


# The rows of a feed's last read that could not be imported, shown to the team.
NOT_IMPORTED_SHOWN = 50


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feed(request, slug):
    """The team's applicant-tracking feed: connecting one, what its preview or last import
    did, the roles it could not import and why, and any error reading it."""
    member = _membership(request, slug)
    company = member.company
    current = JobFeed.objects.filter(company=company).first()
    initial = {"url": current.url, "format": current.format} if current else {}
    form = FeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            feeds.connect(
                company,
                url=form.cleaned_data["url"],
                format=form.cleaned_data["format"],
                user=request.user,
            )
        except feeds.TooSoon as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                "Connected. We read the board for a preview of what importing it would do; an "
                "editor approves it, and from then on we read it on a schedule.",
            )
        return redirect("employers:feed", slug=slug)
    run = current and (current.last_run_id or current.preview_id)
    not_imported = (
        ImportRow.objects.filter(run_id=run, action=ImportAction.REJECT)[:NOT_IMPORTED_SHOWN]
        if run
        else []
    )
    return render(
        request,
        "employers/feed.html",
        {
            "company": company,
            "feed": current,
            "form": form,
            "not_imported": not_imported,
            "statuses": FeedStatus,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def disconnect_feed(request, slug):
    member = _membership(request, slug)
    current = get_object_or_404(JobFeed, company=member.company)
    feeds.disconnect(current)
    messages.success(
        request, "The feed is disconnected. Its roles stay as they are; close any you want gone."
    )
    return redirect("employers:feed", slug=slug)


@login_required
@require_safe
def reviews(request, slug):
    """The company's published reviews as the public sees them, each with its answer or a
    link to write one."""
    member = _membership(request, slug)
    notices: list[str] = []
    page = paginate(request, answers.answerable(member.company), REVIEWS_PER_PAGE, notices)
    shown = member.company.shown_families()
    for review in page:
        review.family_label = review.family_shown(shown)
    return render(
        request,
        "employers/reviews.html",
        {"company": member.company, "page": page, "notices": notices},
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="The company's answer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Shown under the review, signed as the company, once an editor publishes "
        "it. Answer the points made; never guess or hint at who wrote the review.",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, slug, pk):
    member = _membership(request, slug)
    review = get_object_or_404(answers.answerable(member.company), pk=pk)
    review.family_label = review.family_shown(member.company.shown_families())
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answers.write(review, text=form.cleaned_data["text"], user=request.user)
        except contributions.Refused as refused:
            return _refusal(request, member.company, refused.title, refused.message, refused.status)
        messages.success(
            request,
            "Your answer is with the editors; we will email you when it is published.",
        )
        return redirect("employers:reviews", slug=slug)
    return render(
        request,
        "employers/answer.html",
        {"company": member.company, "review": review, "form": form},
        status=400 if form.errors else 200,
    )
