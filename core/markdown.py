"""Markdown to sanitised HTML, for everything editors write.

Rendering happens once, when the source is saved; pages show the stored HTML. Python-Markdown
does the rendering with raw HTML switched off, so markup typed into the source shows as text, and
the output passes through nh3 with an allowlist anyway, so no script, event handler, style,
iframe, or javascript:/data: URL can reach a page.

Links may use the site's own targets, resolved here so renaming a URL never breaks an article.
Each app registers the kinds it owns from its AppConfig.ready() (guide:<slug>, company:<slug>,
jobs:?<query> and so on), so this module knows none of them: a link whose scheme no app has
registered is an ordinary link, and the sanitiser drops an href whose scheme it does not allow.

Where a field allows them (a guide's body), fenced `chart` blocks are drawn as charts
(core.chart_blocks). The chart's markup is made by our own code from the numbers and escaped
labels the block parsed, and put in after sanitising, in the place the renderer kept for it.
"""

import html
import re
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

import markdown
import nh3
from django.utils.text import slugify
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from core import chart_blocks

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "section", "strong", "sup", "sub", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
    "abbr": {"title"},
}
ALLOWED_CLASSES = {
    "ul": {"task-list"},
    "li": {"task-list-item"},
    "section": {"footnotes"},
    "a": {"footnote-ref", "footnote-backref"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Ids the page layout itself uses; a heading may not take them.
RESERVED_IDS = {"main", "content", "toc", "faq", "top"}
# Headings of these levels get ids and are listed; h1 is the page's own title.
HEADING_LEVELS = re.compile(r"[Hh][234]")

TABLE_OPEN = '<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table>'

LINK = re.compile(r"^([a-z]+):(.*)$")
ESCAPABLE = string.punctuation
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@dataclass
class Heading:
    level: int
    id: str
    text: str


@dataclass
class InternalLink:
    kind: str
    target: str
    text: str


@dataclass
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)
    internal_links: list[InternalLink] = field(default_factory=list)
    words: int = 0
    # Why a chart block could not be drawn, naming its line; such a block draws nothing.
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LinkKind:
    # The URL for a target; raises ValueError when the target is malformed.
    resolve: Callable[[str], str]
    # Why a well-formed target leads nowhere (no such page, a filter that is ignored), or None.
    check: Callable[[str], str | None]


_link_kinds: dict[str, LinkKind] = {}


def register_link_kind(
    kind: str, *, resolve: Callable[[str], str], check: Callable[[str], str | None]
) -> None:
    """Let Markdown link to `kind:<target>`; apps call this from AppConfig.ready()."""
    if not LINK.match(f"{kind}:"):
        raise ValueError(f"{kind!r} is not a link kind: use lowercase letters")
    _link_kinds[kind] = LinkKind(resolve, check)


def slug_target(kind: str, target: str) -> str:
    """The target of a link that names one page by its slug, or ValueError."""
    if not SLUG.fullmatch(target):
        raise ValueError(f"{kind}:{target} is not a slug")
    return target


def query_target(kind: str, target: str) -> str:
    """The query string (with its "?", or empty) of a link to a filtered list, or ValueError."""
    if target and not target.startswith("?"):
        raise ValueError(f"{kind}: links take a query string, as in {kind}:?tag=learning")
    return target


def parse_internal_link(value: str, text: str = "") -> InternalLink | None:
    """The internal link a URL written in the site's link syntax stands for, if it is one."""
    match = LINK.match(value)
    if not match or match[1] not in _link_kinds:
        return None
    return InternalLink(match[1], match[2], text)


def resolve_internal_link(link: InternalLink) -> str:
    """The URL of one of the site's own link targets; ValueError if the target is malformed."""
    return _link_kinds[link.kind].resolve(link.target)


def broken_link_reason(link: InternalLink) -> str | None:
    """Why a link written in the site's link syntax would not work, or None if it does."""
    kind = _link_kinds[link.kind]
    try:
        kind.resolve(link.target)
    except ValueError as error:
        return str(error)
    reason = kind.check(link.target)
    return f"{link.kind}:{link.target} — {reason}" if reason else None


def _unique_slugger():
    seen: dict[str, int] = {}

    def slug(text: str, separator: str) -> str:
        base = slugify(text) or "section"
        if base in RESERVED_IDS:
            base = f"{base}-section"
        seen[base] = seen.get(base, 0) + 1
        return base if seen[base] == 1 else f"{base}-{seen[base]}"

    return slug


class InternalLinks(Treeprocessor):
    """Resolves links in the site's link syntax and records them for checking."""

    def __init__(self, md, links: list[InternalLink]):
        super().__init__(md)
        self.links = links

    def run(self, root: ElementTree.Element) -> None:
        for anchor in root.iter("a"):
            text = html.unescape(strip_tags(render_inner_html(anchor, self.md)))
            link = parse_internal_link(anchor.get("href", ""), text)
            if link is None:
                continue
            self.links.append(link)
            try:
                anchor.set("href", resolve_internal_link(link))
            except ValueError:
                anchor.set("href", "#")


class ChartBlocks(Preprocessor):
    """Takes each fenced `chart` block out of the source, draws it, and leaves in its place a
    paragraph holding only a marker no one can guess, which render_markdown replaces."""

    CLOSE = re.compile(r"^\s*(```|~~~)\s*$")
    OPEN = re.compile(r"^ {0,3}(```|~~~)")

    def __init__(self, md, drawn: dict[str, str], problems: list[str], first_line: int):
        super().__init__(md)
        self.drawn = drawn
        self.problems = problems
        self.first_line = first_line
        self.marker = f"ladderchart{secrets.token_hex(8)}n"

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        index = 0
        code_fence = None  # the fence of an open code block, whose lines are code
        while index < len(lines):
            line = lines[index]
            indented = len(line) - len(line.lstrip(" ")) >= 4  # an indented code block
            if code_fence is not None or indented:
                if code_fence is not None and line.strip() == code_fence:
                    code_fence = None
                out.append(line)
                index += 1
                continue
            opened = chart_blocks.FENCE.match(line.strip())
            if not opened:
                if other := self.OPEN.match(line):
                    code_fence = other[1]
                out.append(line)
                index += 1
                continue
            start = index + 1
            end = start
            while end < len(lines) and not (
                self.CLOSE.match(lines[end]) and lines[end].strip() == opened[1]
            ):
                end += 1
            block = lines[start:end]
            line_number = self.first_line + index
            if end == len(lines):
                self.problems.append(
                    str(
                        chart_blocks.ChartError(
                            line_number, f"it is never closed with {opened[1]}."
                        )
                    )
                )
            else:
                try:
                    chart = chart_blocks.parse(block, first_line=line_number + 1)
                except chart_blocks.ChartError as error:
                    self.problems.append(str(error))
                else:
                    key = f"{self.marker}{len(self.drawn)}"
                    # Unique on a page whose parts (a guide's body, each FAQ answer) are
                    # rendered apart: each starts at a line of its own.
                    ident = chart_blocks.ident_for(block, f"{self.first_line}-{len(self.drawn)}")
                    self.drawn[key] = chart_blocks.html(chart, ident)
                    out.extend(["", key, ""])
            index = end + 1
        return out


class WordCount(Treeprocessor):
    """Counts the words a reader reads: prose, lists, tables and notes, not code blocks."""

    INLINE = {"a", "abbr", "code", "del", "em", "strong", "sub", "sup", "br"}

    def __init__(self, md, count: list[int]):
        super().__init__(md)
        self.count = count

    def run(self, root: ElementTree.Element) -> None:
        self.count[0] = len("".join(self._text(root)).split())

    def _text(self, element: ElementTree.Element):
        skip = element.tag == "pre" or element.get("class") == "footnote-backref"
        gap = "" if element.tag in self.INLINE else " "
        yield gap
        if not skip:
            yield element.text or ""
            for child in element:
                yield from self._text(child)
                yield child.tail or ""
        yield gap


class EscapedAmpersand(InlineProcessor):
    """`\\&` is a literal ampersand even before `lt;`: the serialiser would keep `&lt;` as an
    entity, so the ampersand goes out already escaped."""

    def handleMatch(self, match, data):
        return self.md.htmlStash.store("&amp;"), match.start(0), match.end(0)


class Footnotes(Treeprocessor):
    """Puts the notes in a <section class="footnotes">, a tag the allowlist keeps (a <div>
    would be dropped, and with it the one hook the notes have)."""

    def run(self, root: ElementTree.Element) -> None:
        for block in root.iter("div"):
            if block.get("class") == "footnote":
                block.tag = "section"
                block.set("class", "footnotes")


def _markdown(links: list[InternalLink], words: list[int]) -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=[
            "tables",
            "fenced_code",
            "sane_lists",
            "footnotes",
            "smarty",
            "toc",
            "pymdownx.tilde",
            "pymdownx.tasklist",
        ],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "footnotes": {
                "SUPERSCRIPT_TEXT": "[{}]",
                "BACKLINK_TEXT": "↩︎",
                # Numbered in the order the reader meets them.
                "USE_DEFINITION_ORDER": False,
            },
            "toc": {"slugify": _unique_slugger(), "marker": ""},
            # ~~text~~ only; a single ~ is text.
            "pymdownx.tilde": {"subscript": False},
        },
        output_format="html",
    )
    # As in CommonMark, a backslash escapes any ASCII punctuation (the job importer relies on
    # \& and \< showing as written).
    md.ESCAPED_CHARS.extend(c for c in ESCAPABLE if c not in md.ESCAPED_CHARS)
    md.inlinePatterns.register(EscapedAmpersand(r"\\&", md), "escaped_ampersand", 185)
    # Raw HTML is text, not markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors["toc"].header_rgx = HEADING_LEVELS
    md.treeprocessors.register(Footnotes(md), "ladder_footnotes", 45)
    md.treeprocessors.register(InternalLinks(md, links), "ladder_links", 4)
    md.treeprocessors.register(WordCount(md, words), "ladder_words", 3)
    return md


def render_markdown(source: str, *, charts: bool = False, first_line: int = 1) -> Rendered:
    """Render Markdown to sanitised HTML, collecting headings, internal links and word count.
    With `charts`, fenced `chart` blocks are drawn; `first_line` is the source's first line
    number in the field it came from, for the problems a block reports."""
    links: list[InternalLink] = []
    words = [0]
    md = _markdown(links, words)
    drawn: dict[str, str] = {}
    problems: list[str] = []
    if charts:
        # Before the fenced code blocks (25), which would otherwise take it as code.
        md.preprocessors.register(ChartBlocks(md, drawn, problems, first_line), "ladder_charts", 26)
    raw = md.convert(source or "")
    headings = [
        Heading(token["level"], token["id"], html.unescape(token["name"]))
        for token in _flatten(md.toc_tokens)
    ]
    html_out = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    # Wide tables scroll inside their own box, which keyboard users can focus. Added after
    # sanitising: the only <table> tags left are the ones the renderer made.
    html_out = html_out.replace("<table>", TABLE_OPEN).replace("</table>", "</table></div>")
    for key, chart in drawn.items():
        html_out = html_out.replace(f"<p>{key}</p>", chart)
    return Rendered(
        html=html_out, headings=headings, internal_links=links, words=words[0], problems=problems
    )


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token["children"])
