"""Error reporting to Sentry (sentry-sdk), when settings.SENTRY_DSN is set.

Django's integration reports the exceptions that reach Django's own error handling (a bug in
a view, a database outage met outside any view, such as while loading a session); the logging
integration reports every ERROR log line, the worker's included. A view that answers a
database outage with the 503 page has handled it: that is reported only if it logs an error. Nothing identifying a
reader is sent: sentry-sdk's own rule (send_default_pii off) leaves out cookies, the user and
client addresses, and `_without_reader_data` also drops form data and query strings, where an
address or a one-time key can be.
"""

from django.core.exceptions import ImproperlyConfigured


def _without_reader_data(event, hint):
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in ("cookie", "authorization", "x-forwarded-for", "referer")
            }
    event.pop("user", None)
    return event


def start_error_reporting(dsn: str, *, environment: str | None) -> None:
    import sentry_sdk
    from sentry_sdk.utils import BadDsn

    try:
        sentry_sdk.init(
            dsn=dsn,
            environment=environment,
            send_default_pii=False,
            include_local_variables=False,
            max_request_body_size="never",
            traces_sample_rate=0,
            before_send=_without_reader_data,
        )
    except BadDsn as error:
        raise ImproperlyConfigured(f"SENTRY_DSN is not a Sentry DSN: {error}") from None
