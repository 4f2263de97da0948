import hashlib
import hmac
import json

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alerts import digests, tasks
from alerts.forms import PreferencesForm, SavedSearchForm, preferences_from_query
from alerts.models import (
    MAX_SAVED_SEARCHES,
    NAME_LENGTH,
    Frequency,
    Preferences,
    SavedRole,
    SavedSearch,
    Scope,
    Undeliverable,
    UndeliverableAddress,
)
from alerts.searches import clean_query, filterset_for, set_filters
from companies.models import REFERENCE_CURRENCY, Company, CultureTag, ExchangeRate
from core.filtering import paginate
from jobs import ranking
from jobs.filters import RolesById
from jobs.models import Job


def _scope(value: str) -> str:
    if value not in Scope.values:
        raise Http404("No such list.")
    return value


def _default_name(search: SavedSearch) -> str:
    label = "Roles" if search.scope == Scope.JOBS else "Companies"
    name = f"{label}: {search.description}" if search.description else f"All {label.lower()}"
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"


def _schedule_if_alerting(search: SavedSearch) -> None:
    if search.frequency != Frequency.NONE:
        transaction.on_commit(tasks.ensure_running)


@login_required
@require_safe
def search_list(request):
    return render(
        request,
        "alerts/search_list.html",
        {
            "searches": SavedSearch.objects.owned_by(request.user),
            "limit": MAX_SAVED_SEARCHES,
            "undeliverable": _undeliverable(request.user),
        },
    )


def _undeliverable(user):
    """The reader's verified addresses that alerts are no longer sent to, and why."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).values(lower=Lower("email"))
    return UndeliverableAddress.objects.filter(address__in=addresses)


@login_required
@require_POST
def address_retry(request, pk):
    """The reader says one of their addresses works again: alerts go to it from the next run."""
    found = get_object_or_404(_undeliverable(request.user), pk=pk)
    found.delete()
    messages.success(request, f"Alerts go to {found.address} again from the next run.")
    return redirect("alerts:searches")


@csrf_exempt
@require_POST
def mail_events(request):
    """Bounces and complaints reported after sending, by the mail provider or a relay in
    front of it: a JSON body {"events": [{"type": "bounce" or "complaint", "address": …,
    "reason": …}]}, signed with settings.MAIL_EVENTS_SECRET (header X-Ladder-Signature:
    sha256=<hex HMAC of the body>). Only permanent bounces are to be sent as "bounce". Without
    the secret set the endpoint does not exist."""
    secret = settings.MAIL_EVENTS_SECRET
    if not secret:
        raise Http404("No such page.")
    expected = "sha256=" + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Ladder-Signature", "")):
        return HttpResponseForbidden("Bad signature.\n", content_type="text/plain")
    try:
        events = json.loads(request.body)["events"]
        parsed = [
            (
                Undeliverable(event["type"]),
                validate_address(event["address"]),
                event.get("reason", ""),
            )
            for event in events
        ]
        if len(parsed) > MAX_MAIL_EVENTS:
            raise ValueError("too many events")
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError):
        return HttpResponseBadRequest(
            'Expected {"events": [{"type": "bounce" or "complaint", "address": "…"}]}, '
            f"at most {MAX_MAIL_EVENTS} at a time.\n",
            content_type="text/plain",
        )
    for kind, address, reason in parsed:
        UndeliverableAddress.record(address, kind, str(reason))
    return HttpResponse(status=204)


MAX_MAIL_EVENTS = 1000


def validate_address(value) -> str:
    if not isinstance(value, str):
        raise ValidationError("not an address")
    validate_email(value)
    return value


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def search_new(request):
    """Save the filters on screen. The list page links here with its own query string; only
    what its filters accept is kept, on the way in and again when the form is posted."""
    data = request.POST if request.method == "POST" else request.GET
    search = SavedSearch(user=request.user, scope=_scope(data.get("scope", Scope.JOBS)))
    set_filters(search, data.get("query", "") if request.method == "POST" else data)
    if request.method != "POST":
        form = SavedSearchForm(
            instance=search, initial={"name": _default_name(search), "frequency": Frequency.WEEKLY}
        )
    else:
        form = SavedSearchForm(request.POST, instance=search)
        if form.is_valid():
            with transaction.atomic():
                # One reader's concurrent saves wait for each other here, so the limit holds.
                get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
                if SavedSearch.objects.owned_by(request.user).count() >= MAX_SAVED_SEARCHES:
                    form.add_error(
                        None,
                        f"You have {MAX_SAVED_SEARCHES} saved searches, the most an account "
                        "can keep. Delete one you no longer need to save this one.",
                    )
                else:
                    search = form.save()
                    _schedule_if_alerting(search)
            if form.is_valid():
                messages.success(request, f"Saved “{search.name}”.")
                return redirect("alerts:searches")
    return render(
        request,
        "alerts/search_new.html",
        {"form": form, "search": search},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def search_edit(request, pk):
    search = get_object_or_404(SavedSearch.objects.owned_by(request.user), pk=pk)
    form = SavedSearchForm(request.POST or None, instance=search)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            search = form.save()
            _schedule_if_alerting(search)
        messages.success(request, f"Updated “{search.name}”.")
        return redirect("alerts:searches")
    return render(request, "alerts/search_edit.html", {"form": form, "search": search})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def search_filters(request, pk):
    """Replace a saved search's filters with those on screen (the results page links here
    with its query string when it shows a saved search)."""
    search = get_object_or_404(SavedSearch.objects.owned_by(request.user), pk=pk)
    data = request.POST.get("query", "") if request.method == "POST" else request.GET
    query = clean_query(search.scope, data)
    if request.method == "POST":
        set_filters(search, query)
        search.save(update_fields=["query", "description", "updated_at"])
        return redirect(search.get_absolute_url())
    labels = [chip.label for chip in filterset_for(search.scope, query).chips("")]
    return render(
        request,
        "alerts/search_filters.html",
        {"search": search, "query": query, "labels": labels},
    )


@login_required
@require_POST
def search_delete(request, pk):
    search = get_object_or_404(SavedSearch.objects.owned_by(request.user), pk=pk)
    search.delete()
    messages.success(request, f"Deleted “{search.name}”.")
    return redirect("alerts:searches")


@login_required
@require_safe
def role_list(request):
    return render(
        request,
        "alerts/role_list.html",
        {"saved_roles": SavedRole.objects.owned_by(request.user).for_list()},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def role_save(request, slug):
    """Save a role to the reader's list (the role page links here; a page that shows whether
    this reader saved it could not be cached for everyone)."""
    job = get_object_or_404(Job.objects.public().select_related("company"), slug=slug)
    saved = SavedRole.objects.owned_by(request.user).filter(job=job).first()
    if request.method == "POST":
        if saved is None:
            SavedRole.objects.get_or_create(user=request.user, job=job)
        messages.success(request, f"Saved “{job.title}” to your roles.")
        return redirect("alerts:roles")
    return render(request, "alerts/role_save.html", {"job": job, "saved": saved})


@login_required
@require_POST
def role_remove(request, pk):
    saved = get_object_or_404(SavedRole.objects.owned_by(request.user).select_related("job"), pk=pk)
    saved.delete()
    messages.success(request, f"Removed “{saved.job.title}” from your roles.")
    return redirect("alerts:roles")


@csrf_exempt  # the signed token is the authority; mail clients post without a session
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """RFC 8058: a POST (the mail client's one click, or the button here) stops the saved
    search's emails at once; a GET only shows the button, since link scanners follow links."""
    try:
        pk = digests.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "alerts/unsubscribe_invalid.html", status=400)
    search = SavedSearch.objects.filter(pk=pk).first()
    done = False
    if request.method == "POST" and search is not None:
        search.set_frequency(Frequency.NONE)
        search.save(update_fields=["frequency", "next_due_at", "updated_at"])
        done = True
    return render(
        request,
        "alerts/unsubscribe.html",
        {"search": search, "done": done or (search and search.frequency == Frequency.NONE)},
    )


# What matters to a reader, and the board ranked by it.

FOR_YOU_PER_PAGE = 20


def _wants(
    preferences: Preferences | None, notices: list[str], tags: dict[str, CultureTag]
) -> ranking.Wants:
    """A reader's preferences as the ranking reads them (`tags`: the directory's culture tags
    by slug), the minimum in US dollars at the current rates; a notice says what could not be
    used."""
    if preferences is None:
        return ranking.Wants()
    minimum_usd = label = None
    if preferences.min_salary is not None:
        rate = (
            1
            if preferences.currency == REFERENCE_CURRENCY
            else ExchangeRate.objects.filter(currency=preferences.currency)
            .values_list("units_per_usd", flat=True)
            .first()
        )
        if rate:
            minimum_usd = float(preferences.min_salary) / float(rate)
            label = f"{preferences.currency} {preferences.min_salary:,} minimum"
        else:
            notices.append(
                f"Your minimum salary is in {preferences.currency}, which has no exchange rate "
                "now, so pay is left out of the ranking: choose another currency."
            )
    known = set(preferences.tags) & set(tags)
    if gone := sorted(set(preferences.tags) - known):
        notices.append(
            f"{len(gone)} culture tag{'s' if len(gone) != 1 else ''} you chose "
            f"{'are' if len(gone) != 1 else 'is'} no longer in the directory and "
            f"{'were' if len(gone) != 1 else 'was'} left out of the ranking: "
            "check what matters to you."
        )
    return ranking.Wants(
        tags={slug: int(weight) for slug, weight in preferences.tags.items() if slug in known},
        tag_names={slug: tags[slug].name for slug in known},
        levels=tuple(preferences.levels),
        tracks=tuple(preferences.tracks),
        countries=tuple(preferences.countries),
        workplaces=tuple(preferences.workplaces),
        min_salary_usd=minimum_usd,
        min_salary_label=label or "",
        stages=tuple(preferences.stages),
        sizes=tuple(preferences.sizes),
        ladder=preferences.ladder,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    """What matters to the reader, said once. A self-assessment's path links here with its
    roles' filters, which fill the form in; nothing is stored until the reader saves."""
    instance = Preferences.objects.filter(user=request.user).first() or Preferences(
        user=request.user
    )
    if request.method == "POST":
        form = PreferencesForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                # A first save sent twice at once: the other made the row; update it.
                form = PreferencesForm(
                    request.POST, instance=Preferences.objects.get(user=request.user)
                )
                form.is_valid()
                form.save()
            messages.success(request, "Saved what matters to you: roles are ranked by it.")
            return redirect("alerts:for_you")
    else:
        form = PreferencesForm(instance=instance, initial=preferences_from_query(request.GET))
    return render(
        request,
        "alerts/preferences.html",
        {"form": form, "prefilled": request.method != "POST" and bool(request.GET)},
        status=400 if form.errors else 200,
    )


def _ranked(request, current: str, rank, queryset, company_of):
    """A page of what `rank(wants)` ranked for the reader (`current`: "roles" or
    "companies"): `ids` in order, and `keys` the index positions `explain` takes, read a page
    at a time from `queryset`; `company_of(obj)` gives the company whose culture tags an item
    shows."""
    prefs = Preferences.objects.filter(user=request.user).first()
    notices: list[str] = []
    # Read once: which of the reader's tags still exist, their names, and each row's tags.
    tags = {tag.slug: tag for tag in CultureTag.objects.all()}
    wants = _wants(prefs, notices, tags)
    ranked = rank(wants) if wants.anything else None
    page = None
    if ranked is not None:
        page = paginate(request, RolesById(ranked.ids, queryset), FOR_YOU_PER_PAGE, notices)
        start = page.start_index() - 1 if page.object_list else 0
        shown = slice(start, start + FOR_YOU_PER_PAGE)
        at = dict(zip(ranked.ids[shown].tolist(), ranked.keys[shown].tolist(), strict=True))
        page.fits = [
            (
                item,
                [tags[s] for s in company_of(item).tag_slugs if s in tags],
                ranked.explain(at[item.pk]),
            )
            for item in page
            if item.pk in at
        ]
    return render(
        request,
        f"alerts/{'for_you' if current == 'roles' else 'companies_for_you'}.html",
        {
            "heading": "Roles for you" if current == "roles" else "Companies for you",
            "current": current,
            "preferences": prefs,
            "ranked": ranked,
            "page": page,
            "notices": notices,
        },
    )


@login_required
@require_safe
def for_you(request):
    """Every open role, ranked by how well it fits the reader's preferences, each saying what
    it meets and misses. Signed in only, so the page cache never holds it."""
    return _ranked(
        request,
        "roles",
        ranking.rank,
        Job.objects.for_card(),
        lambda job: job.company,
    )


@login_required
@require_safe
def companies_for_you(request):
    """Every listed company with an open role, ranked by the same preferences: what the
    company is, then how many of its open roles fit what the reader wants of a role."""
    return _ranked(
        request,
        "companies",
        ranking.rank_companies,
        Company.objects.for_list(),
        lambda company: company,
    )
