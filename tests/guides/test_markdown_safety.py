import pytest

from tests.conftest import html, make_guide

pytestmark = pytest.mark.django_db

HOSTILE = """
<script>alert(1)</script>

<img src=x onerror=alert(1)>

<iframe src="https://evil.example"></iframe>

<svg onload=alert(1)><circle r=1></circle></svg>

<a href="javascript:alert(1)">raw link</a>

[md javascript](javascript:alert(1))

[md entity](jav&#x61;script:alert(1))

[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

[md vbscript](vbscript:msgbox)

![image](javascript:alert(1))

<div style="background:url(javascript:alert(1))">styled</div>

<style>body{display:none}</style>

<p onclick="alert(1)">click</p>

[spaced](  javascript:alert(1) )

<object data="x.swf"></object>

| a | b |
|---|---|
| <script>alert(2)</script> | [x](javascript:alert(3)) |
"""

EXECUTABLE_TAGS = {"script", "iframe", "svg", "object", "embed", "style", "img", "form", "math"}


def test_hostile_markdown_renders_to_nothing_executable(client, author):
    make_guide(author, slug="hostile", body=HOSTILE)

    page = html(client.get("/guides/hostile/"))
    body = page.select_one(".guide__body")

    assert body is not None
    for element in body.find_all(True):
        assert element.name not in EXECUTABLE_TAGS, element
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), element
            assert attribute.lower() != "style", element
            if attribute in {"href", "src"}:
                scheme = value.strip().lower().split(":", 1)[0] if ":" in value else ""
                assert scheme in {"", "http", "https", "mailto"}, element
    # The page as a whole carries only the site's own scripts (none) and data blocks.
    assert all(s.get("type") == "application/ld+json" for s in page.find_all("script"))


def test_markdown_still_renders_tables_lists_and_footnotes(client, author):
    body = "Text with a note.[^1]\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n[^1]: The note."
    make_guide(author, slug="rich", body=body)

    guide_body = html(client.get("/guides/rich/")).select_one(".guide__body")

    assert guide_body.find("table").find("td").get_text() == "1"
    assert len(guide_body.find("ul").find_all("li")) == 2
    assert "The note." in guide_body.select_one(".footnotes").get_text()
