"""Markdown to sanitised HTML, for everything editors write.

Rendering happens once, when the source is saved; pages show the stored HTML. Raw HTML in the
source is not interpreted, and the output passes through nh3 with an allowlist anyway, so no
script, event handler, style, iframe, or javascript:/data: URL can reach a page.

Links may use the site's own targets, resolved here so renaming a URL never breaks an article:

    guide:<slug>          a guide
    tag:<slug>            the directory filtered by one culture tag
    company:<slug>        a company's page
    companies:?<query>    the directory with filters
    jobs:?<query>         the job board with filters
    job:<slug>            a role's page
"""

import re
from dataclasses import dataclass, field

import nh3
from django.urls import reverse
from django.utils.text import slugify
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

WORDS_PER_MINUTE = 230

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
    "ul": {"contains-task-list"},
    "li": {"task-list-item", "footnote-item"},
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "hr": {"footnotes-sep"},
    "sup": {"footnote-ref"},
    "a": {"footnote-backref"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Ids the page layout itself uses; a heading may not take them.
RESERVED_IDS = {"main", "content", "toc", "faq", "top"}

TABLE_OPEN = '<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table>'

INTERNAL_LINK = re.compile(r"^(guide|tag|company|job|companies|jobs):(.*)$")


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

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))


def _unique_slugger():
    seen: dict[str, int] = {}

    def slug(text: str) -> str:
        base = slugify(text) or "section"
        if base in RESERVED_IDS:
            base = f"{base}-section"
        seen[base] = seen.get(base, 0) + 1
        return base if seen[base] == 1 else f"{base}-{seen[base]}"

    return slug


def _parser(slug_func) -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": False, "typographer": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(tasklists_plugin)
        .use(anchors_plugin, min_level=2, max_level=4, slug_func=slug_func)
    )


def resolve_internal_link(kind: str, target: str) -> str:
    """The URL of one of the site's own link targets (see the module docstring)."""
    if kind in {"companies", "jobs"}:
        if target and not target.startswith("?"):
            raise ValueError(f"{kind}: links take a query string, as in {kind}:?tag=learning")
        return reverse(f"{kind}:list") + target
    if not re.fullmatch(r"[-a-zA-Z0-9_]+", target):
        raise ValueError(f"{kind}:{target} is not a slug")
    if kind == "tag":
        return reverse("companies:list") + f"?tag={target}"
    name = {"guide": "guides:detail", "company": "companies:detail", "job": "jobs:detail"}
    return reverse(name[kind], args=[target])


def render_markdown(source: str) -> Rendered:
    """Render Markdown to sanitised HTML, collecting headings, internal links and word count."""
    md = _parser(_unique_slugger())
    env: dict = {}
    tokens = md.parse(source or "", env)
    headings: list[Heading] = []
    links: list[InternalLink] = []
    words = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            headings.append(Heading(int(token.tag[1]), token.attrGet("id"), inline.content))
        if token.type != "inline" or not token.children:
            continue
        words += len(token.content.split())
        for position, child in enumerate(token.children):
            if child.type != "link_open":
                continue
            href = child.attrGet("href") or ""
            match = INTERNAL_LINK.match(href)
            if not match:
                continue
            kind, target = match.groups()
            text = (
                token.children[position + 1].content if position + 1 < len(token.children) else ""
            )
            links.append(InternalLink(kind, target, text))
            try:
                child.attrSet("href", resolve_internal_link(kind, target))
            except ValueError:
                child.attrSet("href", "#")
    html = nh3.clean(
        md.renderer.render(tokens, md.options, env),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    # Wide tables scroll inside their own box, which keyboard users can focus. Added after
    # sanitising: the only <table> tags left are the ones the renderer made.
    html = html.replace("<table>", TABLE_OPEN).replace("</table>", "</table></div>")
    return Rendered(html=html, headings=headings, internal_links=links, words=words)
