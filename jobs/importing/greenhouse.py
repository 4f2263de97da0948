"""Greenhouse exports, mapped to the CSV columns described in jobs/importing/__init__.py.

The JSON of Greenhouse's Job Board API, `GET /v1/boards/{board}/jobs?content=true`: an object
whose "jobs" list holds the roles. A board is one company's, so the company is chosen by whoever
imports it (the upload form, or --company). Row numbers are positions in "jobs", from 1.
Fields read, and where they go:

    id               source_id
    title            title
    absolute_url     apply_to
    location.name    contains "Remote" (any case) or names only regions ("Anywhere", "EMEA"):
                     workplace remote, remote_regions = the name, read as regions and
                     countries ("Remote - EMEA", "Remote (US)"); a name that says where in
                     no words we know rejects the row with the reason. Otherwise workplace
                     hybrid, city = the name up to its first comma
    absolute_url     also direct_apply: true when it is a Greenhouse job board page
                     (boards.greenhouse.io, job-boards.greenhouse.io), which carries the
                     application form; false for a company's own careers page
    content          description. Greenhouse sends the HTML escaped; it is unescaped, scripts
                     and styles are dropped with their content and all tags stripped with real
                     parsers (nh3, then html.parser). Paragraphs become Markdown paragraphs,
                     headings "###" lines, list items "- " or "1. " lines; link targets are
                     dropped, and text is backslash-escaped so it shows as written.
    metadata         the entries named "Level", "Track" and "Discipline" (any case), whose
                     values are read as in the CSV

Nothing else is read (updated_at, departments, offices and the rest are ignored). Every role is
imported as published and full-time, with no salary, country or equity, expiring 60 days after
publishing (an existing expiry is kept).

Without metadata, level, track and discipline are inferred from whole words of the title:

    track        "Tech Lead Manager" or "TLM": tech-lead-manager; "Tech Lead" or "Technical
                 Lead": tech-lead; "Engineering Manager" or "Manager, Engineering":
                 engineering-manager; otherwise ic.
    level        "Principal", "Distinguished" or "Fellow": l8; "Senior Staff": l7; "Staff": l6;
                 "Senior" or "Sr": l5; "Junior", "Jr", "Graduate" or "Entry-level": l3;
                 otherwise l4, or l5 on the tech-lead and manager tracks.
    discipline   the first group with a word in the title: ml (Machine Learning, ML, AI, LLM),
                 data (Data, Analytics), security (Security, AppSec), mobile (Mobile, iOS,
                 Android), embedded (Embedded, Firmware), infrastructure (Infrastructure, SRE,
                 Site Reliability, DevOps), platform (Platform), full-stack (Full-stack),
                 frontend (Frontend, Front-end), backend (Backend); otherwise backend.

The plan notes every inferred value, so an editor sees what was guessed.
"""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from companies.models import Level
from jobs import regions
from jobs.models import Discipline, JobStatus, Track, Workplace

# Greenhouse descriptions are a few thousand characters; the HTML parsers' time grows faster
# than the input with nesting, so a longer one is refused rather than converted.
MAX_CONTENT_CHARS = 100_000


class ContentTooLong(ValueError):
    """A job's content is longer than any real description."""


def text_of(value) -> str:
    """A field's value as text: a string, a number, or the first of a list (Greenhouse puts
    some single values in lists), however deeply the lists are nested."""
    while isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | str):
        return str(value).strip()
    return ""


def object_of(value) -> dict:
    """A field that should hold a JSON object, as one (empty when it holds anything else)."""
    return value if isinstance(value, dict) else {}


def job_values(item: dict, company_slug: str) -> tuple[dict[str, str], list[str]]:
    """One job of the export as CSV column values, with a note for every inferred value."""
    title = text_of(item.get("title"))
    location = item.get("location")
    place = text_of(location.get("name")) if isinstance(location, dict) else ""
    metadata = {}
    entries = item.get("metadata")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            metadata[entry["name"].strip().lower()] = text_of(entry.get("value"))
    values = {
        "source_id": text_of(item.get("id")),
        "company": company_slug,
        "title": title,
        "apply_to": text_of(item.get("absolute_url")),
        "description": html_to_markdown(_content(item)),
        "status": JobStatus.PUBLISHED,
    }
    if is_remote(place):
        values.update(workplace=Workplace.REMOTE, remote_regions=place)
    else:
        values.update(workplace=Workplace.HYBRID, city=place.split(",")[0].strip())
    if _is_greenhouse_form(values["apply_to"]):
        values["direct_apply"] = "true"

    return values, infer_missing(values, title, metadata)


def infer_missing(values: dict[str, str], title: str, given: dict[str, str]) -> list[str]:
    """Set track, level and discipline on `values`: as `given` (a board's own fields) where
    it has them, otherwise inferred from the title; a note for every inferred value."""
    notes = []
    for name, infer in [
        ("track", lambda: infer_track(title)),
        ("level", lambda: infer_level(title, values["track"])),
        ("discipline", lambda: infer_discipline(title)),
    ]:
        if given.get(name):
            values[name] = given[name]
            continue
        values[name], matched = infer()
        how = "inferred from the title" if matched else f"by default (no {name} word in the title)"
        notes.append(f"{name} {values[name]} {how}")
    return notes


def _content(item: dict) -> str:
    return checked_length(text_of(item.get("content")))


def checked_length(content: str) -> str:
    """A board's description, refused (ContentTooLong) when longer than any real one."""
    if len(content) > MAX_CONTENT_CHARS:
        raise ContentTooLong(
            f"the content has {len(content):,} characters; a description may have at most "
            f"{MAX_CONTENT_CHARS:,}."
        )
    return content


def is_remote(place: str) -> bool:
    """ "Remote - EMEA", "Remote (US)", or only regions ("Anywhere", "EMEA"): no office."""
    if "remote" in place.lower():
        return True
    try:
        named_regions, named_countries = regions.parse(place)
    except ValueError:
        return False
    return bool(named_regions) and not named_countries


# Greenhouse's own job pages carry the application form under the description.
GREENHOUSE_BOARDS = {
    "boards.greenhouse.io",
    "job-boards.greenhouse.io",
    "job-boards.eu.greenhouse.io",
}


def host_of(url: str) -> str:
    """The host of a link a board gives, or "" when it has none or is not a link at all."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # "http://[x", say
        return ""


def _is_greenhouse_form(url: str) -> bool:
    return host_of(url) in GREENHOUSE_BOARDS


# Inference from titles, for Greenhouse roles without metadata.


def _words(*patterns: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


TRACK_WORDS = [
    (Track.TECH_LEAD_MANAGER, _words(r"tech(?:nical)? lead manager", "tlm")),
    (Track.TECH_LEAD, _words(r"tech(?:nical)? lead")),
    (
        Track.ENGINEERING_MANAGER,
        _words("engineering manager", r"manager,? (?:of )?(?:software )?engineering"),
    ),
]
LEVEL_WORDS = [
    (Level.L8, _words("principal", "distinguished", "fellow")),
    (Level.L7, _words("senior staff", "sr.? staff")),
    (Level.L6, _words("staff")),
    (Level.L5, _words("senior", "sr")),
    (Level.L3, _words("junior", "jr", "graduate", "entry[- ]level")),
]
DISCIPLINE_WORDS = [
    (Discipline.ML, _words("machine learning", "ml", "ai", "llm")),
    (Discipline.DATA, _words("data", "analytics")),
    (Discipline.SECURITY, _words("security", "appsec")),
    (Discipline.MOBILE, _words("mobile", "ios", "android")),
    (Discipline.EMBEDDED, _words("embedded", "firmware")),
    (Discipline.INFRASTRUCTURE, _words("infrastructure", "sre", "site reliability", "devops")),
    (Discipline.PLATFORM, _words("platform")),
    (Discipline.FULL_STACK, _words("full[- ]?stack")),
    (Discipline.FRONTEND, _words("front[- ]?end")),
    (Discipline.BACKEND, _words("back[- ]?end")),
]


def _infer(title: str, table, default) -> tuple[str, bool]:
    """The value of the first entry whose words are in the title, and whether one was."""
    for value, words in table:
        if words.search(title):
            return value, True
    return default, False


def infer_track(title: str) -> tuple[str, bool]:
    return _infer(title, TRACK_WORDS, Track.IC)


def infer_level(title: str, track: str = Track.IC) -> tuple[str, bool]:
    return _infer(title, LEVEL_WORDS, Level.L4 if track == Track.IC else Level.L5)


def infer_discipline(title: str) -> tuple[str, bool]:
    return _infer(title, DISCIPLINE_WORDS, Discipline.BACKEND)


# HTML to Markdown, for Greenhouse's content.

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "div", "section", "article", "header", "footer", "blockquote", "pre", "table"}
BLOCKS |= {"tr", "br", "hr", "dl", "dt", "dd"}
LISTS = {"ul", "ol"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BLOCK_MARKER = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, HTML or block markers."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub(r"\\&", text)
    return _BLOCK_MARKER.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
    )


class _MarkdownLines(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.words: list[str] = []
        self.lists: list[list] = []
        self.marker = ""
        self.kind = "p"

    def handle_starttag(self, tag, attrs):
        if tag in LISTS:
            self._flush(force=True)
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush(force=True)
            self.kind = "li"
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.marker = f"{self.lists[-1][1]}. "
            else:
                self.marker = "- "
        elif tag in HEADINGS:
            self._flush(force=True)
            self.kind, self.marker = "h", "### "
        elif tag in BLOCKS:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in LISTS or tag in HEADINGS or tag == "li":
            self._flush(force=True)
            if tag in LISTS and self.lists:
                self.lists.pop()
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        self.words.append(data)

    def _flush(self, force=False):
        """End the current line; a block inside a list item stays part of the item."""
        text = " ".join("".join(self.words).split())
        self.words = []
        if text:
            self.blocks.append((self.kind, self.marker + escape_markdown(text)))
        if text or force:
            self.kind, self.marker = "p", ""

    def markdown(self) -> str:
        self._flush()
        lines = []
        for index, (kind, line) in enumerate(self.blocks):
            if index:
                joined_list = kind == "li" and self.blocks[index - 1][0] == "li"
                lines.append("\n" if joined_list else "\n\n")
            lines.append(line)
        return "".join(lines)


def html_to_markdown(content: str, *, escaped: bool = True) -> str:
    """A board's HTML as plain Markdown: paragraphs, headings and list items only. Greenhouse
    sends its HTML escaped (`escaped`); Lever and Ashby send it as it is."""
    structure = nh3.clean(
        html.unescape(content) if escaped else content,
        tags=HEADINGS | BLOCKS | LISTS | {"li"},
        attributes={},
    )
    parser = _MarkdownLines()
    parser.feed(structure)
    parser.close()
    return parser.markdown()
