"""Word-level differences between two texts, marked up for people to read.

Words are compared whole, so a change shows as the words removed and the words added, never
as broken fragments; everything is escaped, so a change to HTML or Markdown shows as text.
"""

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word with the spaces after it, or a run of spaces: joining the tokens gives the text back.
TOKENS = re.compile(r"\S+\s*|\s+")
# Paragraphs: the unit an unchanged stretch is folded by.
PARAGRAPHS = re.compile(r"\n\s*\n")
# Unchanged paragraphs shown either side of a change.
CONTEXT = 1


def _marked(old_tokens: list[str], new_tokens: list[str]) -> str:
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(old_tokens[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(new_tokens[j1:j2]))}</ins>")
    return "".join(parts)


def word_diff(old: str, new: str) -> SafeString:
    """The new text with removed words in <del> and added words in <ins>."""
    return mark_safe(_marked(TOKENS.findall(old or ""), TOKENS.findall(new or "")))


@dataclass
class Block:
    html: SafeString
    changed: bool


def paragraph_diff(old: str, new: str) -> list[Block | None]:
    """Paragraphs of the new text word-diffed against the old, unchanged ones folded away
    except next to a change; None stands where paragraphs were left out."""
    old_paras = [p for p in PARAGRAPHS.split((old or "").strip()) if p.strip()]
    new_paras = [p for p in PARAGRAPHS.split((new or "").strip()) if p.strip()]
    matcher = difflib.SequenceMatcher(None, old_paras, new_paras, autojunk=False)
    blocks: list[Block] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            blocks += [Block(mark_safe(escape(p)), False) for p in new_paras[j1:j2]]
        elif op == "replace" and (i2 - i1) == (j2 - j1):
            # Edited paragraphs: show the words that changed inside each.
            blocks += [
                Block(word_diff(a, b), True)
                for a, b in zip(old_paras[i1:i2], new_paras[j1:j2], strict=True)
            ]
        else:
            blocks.append(
                Block(word_diff("\n\n".join(old_paras[i1:i2]), "\n\n".join(new_paras[j1:j2])), True)
            )
    near = {
        k
        for i, block in enumerate(blocks)
        if block.changed
        for k in range(i - CONTEXT, i + CONTEXT + 1)
    }
    shown: list[Block | None] = []
    for i, block in enumerate(blocks):
        if i in near:
            shown.append(block)
        elif (shown and shown[-1] is not None) or not shown:
            shown.append(None)
    return shown


class _TextOf(HTMLParser):
    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote", "dt", "dd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
            if tag in {"h2", "h3", "h4"}:
                self.parts.append("#" * int(tag[1]) + " ")
            elif tag == "li":
                self.parts.append("• ")

    def handle_data(self, data):
        self.parts.append(data)


def rendered_text(html: str) -> str:
    """What a reader reads of rendered HTML: its text, a paragraph per block."""
    parser = _TextOf()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.parts)
    return "\n\n".join(" ".join(p.split()) for p in PARAGRAPHS.split(text) if p.strip())
