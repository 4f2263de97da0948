"""Typed readers for environment variables.

Each helper returns a Python value or raises ImproperlyConfigured naming the variable, so a
mistyped setting stops the process at start-up instead of misbehaving later.
"""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is not None and "\x00" in value:
        raise ImproperlyConfigured(f"{name} contains a NUL byte.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
    return number


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = _raw(name)
    if value is None or not value.strip():
        if required:
            raise ImproperlyConfigured(f"{name} must be set.")
        return default
    return value.strip()


def env_url(name: str, default: str) -> str:
    """An absolute http(s) URL without a trailing slash, such as ``https://ladder.example``."""
    value = env_str(name, default=default)
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL; got {value!r}.")
    return value.rstrip("/")


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name: str) -> dict:
    """Parse a PostgreSQL URL into a Django DATABASES entry.

    Accepts ``postgres://user:password@host:port/dbname?sslmode=require`` and the Unix-socket
    form ``postgresql://user@/dbname?host=/path/to/socket-dir``. Query parameters other than
    ``host`` and ``port`` are passed to libpq as connection options.
    """
    value = env_str(name, required=True)
    parts = urlsplit(value)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// or postgresql:// URL; got scheme {parts.scheme!r}."
        )
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or "/" in dbname:
        raise ImproperlyConfigured(
            f"{name} must name one database, as in postgresql://host/dbname."
        )
    options = dict(parse_qsl(parts.query, keep_blank_values=False))
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    hostinfo = parts.netloc.rpartition("@")[2]
    if hostinfo.startswith("["):
        host = hostinfo[1 : hostinfo.find("]")]
    else:
        host = unquote(hostinfo.partition(":")[0])
    host = host or options.pop("host", "")
    port = port or options.pop("port", "")
    options.pop("host", None)
    options.pop("port", None)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": dbname,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


def env_cache(name: str) -> dict:
    """A Django CACHES entry: Redis at ``redis://[:password@]host:port/db`` (or ``rediss://``
    for TLS) when the variable is set, otherwise each process's own memory."""
    value = env_str(name)
    if not value:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be a redis:// or rediss:// URL with a host; got {value!r}."
        )
    try:
        parts.port  # noqa: B018 — parsing it is the check
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
