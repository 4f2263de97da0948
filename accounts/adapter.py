"""How django-allauth behaves on this site."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from axes.helpers import get_client_ip_address
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied

from core import mail


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """The reader's address for rate limits, read as staff sign-in throttling reads it
        (settings.AXES_IPWARE_*): behind the HTTPS proxy, the entry it appends to
        X-Forwarded-For, never one the client wrote."""
        ip = get_client_ip_address(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's text message with an HTML alternative in the site's email layout, both
        with the site's address (allauth ships text templates only)."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if not getattr(message, "alternatives", None):
            message = mail.with_html_from_text(message)
        return message

    def send_notification_mail(self, template_prefix, user, context=None, email=None) -> None:
        """A notice that something changed on an account (its password, its address): the
        account is named for the message's sake (`mail.forget` when it is deleted)."""
        super().send_notification_mail(
            template_prefix, user, {"user": user, **(context or {})}, email
        )

    def send_mail(self, template_prefix, email, context) -> None:
        """Rendered here, where the request is, and sent by the worker after commit: a slow or
        unreachable mail server never delays or fails a sign-up or a password reset, and
        whether a message went out never shows in the answer's timing."""
        request = allauth_context.request
        full = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **mail.site_context(),
            **context,
        }
        # The account the message is about: named in it, or the one signed in (a notice that its
        # password or address changed, which may go to an address it no longer has).
        user = context.get("user") or getattr(request, "user", None)
        mail.enqueue(
            self.render_mail(template_prefix, email, full),
            user_id=getattr(user, "pk", None),
        )
