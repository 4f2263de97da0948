"""A company's email domains: where its people receive mail, kept by editors, so that a reader
who can receive mail at one of them may ask to join the company's team (employers.claims).

A domain is kept in one written form: lower case, in ASCII (an internationalised name in its
`xn--` form), without a trailing dot. Addresses are compared in the same form, so a look-alike
written with other letters (a Cyrillic "о" for an "o", a dotless "ı") never equals the real
one. Free-mail domains are refused as a company's domain: anyone can have an address there.
"""

import re

from django.core.exceptions import ValidationError

# Providers where anyone can open an address; never a company's own domain.
FREE_MAIL = frozenset(
    [
        "163.com",
        "126.com",
        "aol.com",
        "fastmail.com",
        "fastmail.fm",
        "gmail.com",
        "googlemail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "hey.com",
        "hotmail.com",
        "hotmail.co.uk",
        "icloud.com",
        "live.com",
        "mac.com",
        "mail.com",
        "mail.ru",
        "me.com",
        "msn.com",
        "outlook.com",
        "pm.me",
        "proton.me",
        "protonmail.com",
        "qq.com",
        "tuta.io",
        "tutanota.com",
        "web.de",
        "yahoo.com",
        "yahoo.co.uk",
        "yandex.com",
        "yandex.ru",
        "ymail.com",
        "zoho.com",
    ]
)

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalised(domain: str) -> str:
    """`domain` in the one form domains are kept and compared in; ValueError when it is not a
    domain name."""
    domain = domain.strip().rstrip(".")
    try:
        ascii_form = domain.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise ValueError(f"{domain!r} is not a domain name") from error
    labels = ascii_form.split(".")
    if len(ascii_form) > 253 or len(labels) < 2 or not all(_LABEL.match(x) for x in labels):
        raise ValueError(f"{domain!r} is not a domain name")
    return ascii_form


def validate_company_domain(value: str) -> None:
    """For the admin and imports: a domain a company's people receive mail at."""
    try:
        domain = normalised(value)
    except ValueError:
        raise ValidationError(
            "“%(value)s” is not a domain name (for example example.com).",
            params={"value": value},
        ) from None
    if domain != value:
        raise ValidationError(
            "Write it as “%(domain)s”: lower case, without “@” or a final dot.",
            params={"domain": domain},
        )
    if domain in FREE_MAIL:
        raise ValidationError(
            "“%(value)s” is a free-mail provider: anyone can have an address there.",
            params={"value": value},
        )


def domain_of(address: str) -> str | None:
    """The domain of an email address in the kept form, or None when it has none."""
    _, at, domain = address.rpartition("@")
    if not at:
        return None
    try:
        return normalised(domain)
    except ValueError:
        return None


def belongs_to(address: str, domains: list[str]) -> bool:
    """Whether `address` is at one of `domains` or a subdomain of one (mail.acme.example
    belongs to acme.example)."""
    domain = domain_of(address)
    return domain is not None and any(
        domain == kept or domain.endswith(f".{kept}") for kept in domains
    )
