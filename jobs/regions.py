"""Where remote applicants may be: regions, each a named list of countries (regions.toml), and
the reading of "Remote - EMEA", "Remote (US)" or "Anywhere" as regions and countries."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django_countries import countries

ANYWHERE = "anywhere"

_DATA = tomllib.loads((Path(__file__).parent / "regions.toml").read_text())


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]


def _every_country() -> tuple[str, ...]:
    return tuple(code for code, _ in countries)


REGIONS: dict[str, Region] = {
    slug: Region(
        slug=slug,
        name=entry["name"],
        aliases=tuple(entry.get("aliases", ())),
        countries=_every_country() if slug == ANYWHERE else tuple(entry["countries"]),
    )
    for slug, entry in _DATA["region"].items()
}
REGION_CHOICES = [(region.slug, region.name) for region in REGIONS.values()]
SHORT_NAMES: dict[str, str] = _DATA["short_name"]
COUNTRY_ALIASES: dict[str, str] = _DATA["country_alias"]


def open_to(region_slugs, country_codes) -> list[str]:
    """Every country a remote role hiring from these regions and countries is open to, sorted."""
    codes = {str(code) for code in country_codes}
    for slug in region_slugs:
        codes.update(REGIONS[slug].countries)
    return sorted(codes)


def country_name(code: str) -> str:
    return SHORT_NAMES.get(code) or countries.name(code) or code


def describe(region_slugs, country_codes) -> str:
    """ "Europe", "US, Canada", "EU, UK": regions in their defined order, then countries."""
    names = [region.name for region in REGIONS.values() if region.slug in set(region_slugs)]
    names += [country_name(str(code)) for code in country_codes]
    return ", ".join(names)


# Reading remote location text.

_REGION_WORDS = {
    word.lower(): region.slug
    for region in REGIONS.values()
    for word in (region.slug.replace("-", " "), region.name, *region.aliases)
}
# "Remote", "Remote -", "Remote:", "(Remote)" and words that say nothing about where.
_NOISE = re.compile(r"\b(?:fully |100% )?remote\b|\bonly\b|\bbased\b|\bfrom\b|\bwithin\b", re.I)
_SEPARATORS = re.compile(r"\s*[,/;|()&:+]\s*|\s+[-–—]\s+|^[-–—]\s*|\s*[-–—]$|\s+(?:or|and)\s+")
# A working-hours note such as "UTC−8 to UTC−5", "IST ± 2 hours" or "CET time zone".
_TIME_ZONE = re.compile(
    r"\b(?:utc|gmt|ist|cet|cest|est|pst|et|pt|hours?|time ?zones?|timezones?)\b|±", re.I
)


def _country_code(word: str) -> str:
    if word.lower() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[word.lower()]
    code = countries.alpha2(word) if re.fullmatch(r"[A-Za-z]{2,3}", word) else ""
    return code or countries.by_name(word) or ""


def parse(text: str) -> tuple[list[str], list[str]]:
    """The regions (slugs) and countries (codes) a remote location names, in the order
    written: "Remote - EMEA" is (["emea"], []), "Remote (US or Canada)" is ([], ["US",
    "CA"]), "UK or EU" is (["eu"], ["GB"]). Working-hours notes ("UTC−8 to UTC−5") are
    passed over. Raises ValueError, saying why in plain words, for anything else."""
    regions: list[str] = []
    codes: list[str] = []
    unknown: list[str] = []
    written = text.strip()
    # Time-zone notes in brackets go first, whole: "Americas (UTC−6 to UTC−3)".
    text = re.sub(r"\(([^)]*)\)", lambda m: "" if _TIME_ZONE.search(m[1]) else f", {m[1]},", text)
    text = _NOISE.sub(" ", text)
    for part in _SEPARATORS.split(text):
        word = " ".join(part.split()).strip(".-–— ")
        if not word or _TIME_ZONE.search(word):
            continue
        if word.lower() in _REGION_WORDS:
            slug = _REGION_WORDS[word.lower()]
            if slug not in regions:
                regions.append(slug)
        elif code := _country_code(word):
            if code not in codes:
                codes.append(code)
        else:
            unknown.append(word)
    if unknown:
        named = " or ".join(repr(word) for word in unknown)
        raise ValueError(
            f"{named} is not a region or a country we know. Regions: "
            f"{', '.join(region.name for region in REGIONS.values())}; countries by their "
            "two-letter code (DE) or English name (Germany)."
        )
    if not regions and not codes:
        raise ValueError(
            f"{written!r} says the role is remote but not where applicants may be; add a region "
            "(Anywhere, Europe, EMEA, …) or countries, e.g. “Remote - Europe” or “Remote (US)”."
        )
    return regions, codes
