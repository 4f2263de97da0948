import pytest
from bs4 import BeautifulSoup

from core.markdown import Heading, InternalLink, render_markdown

SAMPLE = """\
# A title editors should not write

Intro with **bold**, *italic*, `code`, ~~struck~~ and "quoted" text that isn't plain.

## Getting started

## Getting started

## Main

### Top

#### Deep level

##### Too deep for an id

| Level | Pay | Note |
|:------|----:|------|
| L5 | 200 | *fine* |
| L6 | 300 | ok |

A claim[^pay] and another.[^2]

- [ ] open item
- [x] done item

1. first
    - nested one
    - nested two
2. second

```python
print("<b>not bold</b>")
```

[a guide](guide:how-to-lead) [a tag](tag:learning) [a company](company:acme)
[a role](job:backend-engineer) [some companies](companies:?tag=learning&stage=seed)
[some roles](jobs:?level=l6) [all roles](jobs:) [bad slug](company:no/such)
[bad query](jobs:level=l6) [unknown kind](foo:bar) [web](https://example.com/)

<script>alert(1)</script>

<img src=x onerror=alert(1)>

<p onclick=alert(1)>raw paragraph</p>

<a href=javascript:alert(1)>raw link</a>

[script link](javascript:alert(1)) [data link](data:text/html;base64,PHNjcmlwdD4=)

[^pay]: Base salary only.
[^2]: Second note.
"""


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.mark.django_db  # links to filtered lists are written as the lists would have them
def test_every_feature_of_the_sample_renders_as_a_reader_expects():
    rendered = render_markdown(SAMPLE)
    page = soup(rendered.html)

    # Headings 2-4 get unique ids that stay clear of the layout's own; h1 is the page's title,
    # so a stray one is plain text, and h5 gets no id.
    assert [
        (h.name, h.get("id"), h.get_text()) for h in page.find_all(["h1", "h2", "h3", "h4", "h5"])
    ] == [
        ("h2", "getting-started", "Getting started"),
        ("h2", "getting-started-2", "Getting started"),
        ("h2", "main-section", "Main"),
        ("h3", "top-section", "Top"),
        ("h4", "deep-level", "Deep level"),
        ("h5", None, "Too deep for an id"),
    ]
    assert page.contents[0].strip() == "A title editors should not write"
    assert rendered.headings == [
        Heading(2, "getting-started", "Getting started"),
        Heading(2, "getting-started-2", "Getting started"),
        Heading(2, "main-section", "Main"),
        Heading(3, "top-section", "Top"),
        Heading(4, "deep-level", "Deep level"),
    ]

    intro = page.find("p")
    assert intro.get_text() == (
        "Intro with bold, italic, code, struck and “quoted” text that isn’t plain."
    )
    assert [(e.name, e.get_text()) for e in intro.find_all(True)] == [
        ("strong", "bold"),
        ("em", "italic"),
        ("code", "code"),
        ("del", "struck"),
    ]

    table = page.select_one("div.table-scroll[tabindex='0'][role=region] > table")
    assert [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in table("tr")] == [
        ["Level", "Pay", "Note"],
        ["L5", "200", "fine"],
        ["L6", "300", "ok"],
    ]
    assert [th.get("align") for th in table("th")] == ["left", "right", None]

    references = page.select("sup > a.footnote-ref")
    assert [a.get_text() for a in references] == ["[1]", "[2]"]
    notes = page.select("section.footnotes li")
    assert [note.get_text().strip().replace("\xa0", " ") for note in notes] == [
        "Base salary only. ↩︎",
        "Second note. ↩︎",
    ]
    for reference, note in zip(references, notes, strict=True):
        assert reference["href"] == f"#{note['id']}"
        assert note.select_one("a.footnote-backref")["href"] == f"#{reference.parent['id']}"

    tasks = page.select("ul.task-list > li.task-list-item")
    assert [task.get_text().strip() for task in tasks] == ["open item", "done item"]

    numbered = page.find("ol")
    assert [li.contents[0].strip() for li in numbered.find_all("li", recursive=False)] == [
        "first",
        "second",
    ]
    nested = numbered.find("li").find("ul")
    assert [li.get_text() for li in nested.find_all("li")] == ["nested one", "nested two"]

    assert page.find("pre").get_text() == 'print("<b>not bold</b>")\n'

    links = [(a.get_text(), a.get("href")) for a in page.find_all("a") if not a.get("class")]
    assert links == [
        ("a guide", "/guides/how-to-lead/"),
        ("a tag", "/companies/tags/learning/"),
        ("a company", "/companies/acme/"),
        ("a role", "/jobs/backend-engineer/"),
        ("some companies", "/companies/?tag=learning&stage=seed"),
        ("some roles", "/jobs/?level=l6"),
        ("all roles", "/jobs/"),
        ("bad slug", "#"),
        ("bad query", "#"),
        # Not one of the site's link kinds, and not a scheme the sanitiser allows.
        ("unknown kind", None),
        ("web", "https://example.com/"),
        ("script link", None),
        ("data link", None),
    ]
    assert rendered.internal_links == [
        InternalLink("guide", "how-to-lead", "a guide"),
        InternalLink("tag", "learning", "a tag"),
        InternalLink("company", "acme", "a company"),
        InternalLink("job", "backend-engineer", "a role"),
        InternalLink("companies", "?tag=learning&stage=seed", "some companies"),
        InternalLink("jobs", "?level=l6", "some roles"),
        InternalLink("jobs", "", "all roles"),
        InternalLink("company", "no/such", "bad slug"),
        InternalLink("jobs", "level=l6", "bad query"),
    ]

    # Raw HTML is shown as the text it is, never interpreted.
    paragraphs = [p.get_text() for p in page.find_all("p", recursive=False)]
    assert paragraphs[-5:-1] == [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<p onclick=alert(1)>raw paragraph</p>",
        "<a href=javascript:alert(1)>raw link</a>",
    ]
    assert not page.find_all(["script", "img", "input", "iframe", "object", "svg"])
    assert [div["class"] for div in page.find_all("div")] == [["table-scroll"]]
    for element in page.find_all(True):
        assert not any(name.startswith("on") or name == "style" for name in element.attrs)

    # Every word a reader reads, the footnotes' included; not the code block nor the "↩︎"s.
    assert rendered.words == 95


def test_raw_html_stays_text_even_inside_lists_tables_and_headings():
    rendered = render_markdown(
        "## <em>Heading</em>\n\n- <b onclick=x>item</b>\n\n| <i>a</i> |\n|---|\n| <s>b</s> |"
    )
    page = soup(rendered.html)

    assert page.find("h2").get_text() == "<em>Heading</em>"
    assert page.find("li").get_text() == "<b onclick=x>item</b>"
    assert [cell.get_text() for cell in page.find_all(["th", "td"])] == ["<i>a</i>", "<s>b</s>"]
    assert {element.name for element in page.find_all(True)} <= {
        "h2", "ul", "li", "div", "table", "thead", "tbody", "tr", "th", "td",
    }  # fmt: skip


def test_a_backslash_escapes_any_punctuation_as_in_commonmark():
    page = soup(render_markdown(r"\<b\> \&lt; \*not emphasis\* 1\. \# \= \~\~").html)

    assert page.get_text().strip() == "<b> &lt; *not emphasis* 1. # = ~~"
