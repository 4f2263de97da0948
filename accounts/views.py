import json

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core import exports, mail
from guides.models import KeptResult

from .forms import DeleteAccountForm


@never_cache
@login_required
@require_GET
def home(request):
    return render(
        request,
        "accounts/home.html",
        {
            "email_addresses": EmailAddress.objects.filter(user=request.user).order_by("-primary"),
            "kept_results": KeptResult.objects.filter(user=request.user)
            .select_related("assessment__guide")
            .prefetch_related("assessment__statements"),
        },
    )


def account_export_part(user) -> dict:
    """The account itself: what the reader signed up with and when."""
    return {
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


@never_cache
@login_required
@require_GET
def export(request):
    """Everything stored about the reader, as a JSON download (core/exports.py)."""
    document = {
        "site": "Ladder",
        "exported_at": timezone.now(),
        **exports.collect(request.user),
    }
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="ladder-account-{stamp}.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Delete the account and, through the foreign keys' cascades, everything of the reader's,
    in one transaction."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            # Mail about the account, sent or waiting, goes with it.
            addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
            mail.forget(user.pk, [user.email, *addresses])
            user.delete()
        logout(request)
        messages.success(request, "Your account and everything stored with it are deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
