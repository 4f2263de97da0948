"""Social cards: the picture a link to a guide, company, role or tag shows when shared
(og:image), one per page, drawn once for each version of what it says.

A page only names its card (`card_url`): /social/<kind>/<key>.png, with a version taken
from the text, so a changed text is a new URL. The card is drawn when that URL is first
asked for (website.views.social_card), which social sites do once, and kept in the media
storage under a hash of its text: drawing takes about 80 ms, which no page view pays. The
apps register what each kind of card says (`register_card`). The image is 1200×630 PNG,
drawn with Pillow's own font (no font on the machine is needed).
"""

import hashlib
import io
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = "#ffffff"
BAND = "#1d4ed8"  # the site's accent
TEXT = "#16181d"
MUTED = "#4b5563"
# Changing the drawing changes every card's name, so none is served from an older drawing.
DRAWING = "1"


# kind -> a function of the key giving (label, title, subtitle), or None for no such page.
_kinds: dict[str, Callable[[str], tuple[str, str, str] | None]] = {}


def register_card(kind: str, says: Callable[[str], tuple[str, str, str] | None]) -> None:
    """What the card of `kind` with a key says: ("Guide", title, summary), or None."""
    _kinds[kind] = says


def _digest(label: str, title: str, subtitle: str) -> str:
    return hashlib.sha256("\x1f".join([DRAWING, label, title, subtitle]).encode()).hexdigest()


def card_url(kind: str, key: str, label: str, title: str, subtitle: str) -> str:
    """The URL path of a page's card; its version changes with what the card says."""
    return f"/social/{kind}/{key}.png?v={_digest(label, title, subtitle)[:12]}"


def card_png(kind: str, key: str) -> bytes | None:
    """The card of `kind` and `key` as PNG, drawn and stored the first time; None when there
    is no such page."""
    says = _kinds.get(kind)
    text = says(key) if says else None
    if text is None:
        return None
    path = f"social/{_digest(*text)[:24]}.png"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(draw(*text)))
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def _lines(text: str, font, width: int, most: int) -> list[str]:
    """`text` wrapped to `width` pixels in `font`, at most `most` lines, the last cut short
    with an ellipsis when the text is longer."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
            continue
        # A word longer than the line is cut, as a browser breaks an overflowing word.
        while font.getlength(word) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return lines


def draw(kind: str, title: str, subtitle: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, 16, HEIGHT], fill=BAND)
    label = ImageFont.load_default(size=34)
    heading = ImageFont.load_default(size=64)
    body = ImageFont.load_default(size=34)
    brand = ImageFont.load_default(size=40)
    width = WIDTH - 2 * MARGIN
    y = MARGIN
    pen.text((MARGIN, y), kind.upper(), font=label, fill=BAND)
    y += 64
    for line in _lines(title, heading, width, 3):
        pen.text((MARGIN, y), line, font=heading, fill=TEXT)
        y += 78
    y += 18
    for line in _lines(subtitle, body, width, 3 if y < 360 else 2):
        pen.text((MARGIN, y), line, font=body, fill=MUTED)
        y += 46
    pen.text((MARGIN, HEIGHT - MARGIN - 40), "Ladder", font=brand, fill=TEXT)
    pen.text(
        (MARGIN + 150, HEIGHT - MARGIN - 32),
        "where and how software engineers grow",
        font=body,
        fill=MUTED,
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
