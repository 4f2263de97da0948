"""Social cards: the picture a link to a guide, company, role or tag shows when shared
(og:image), one per page, drawn once for each version of what it says.

A card's file is named by a hash of its text, so a page renders the card the first time it
is shown with that text (and after every change to it), and every later render only names
the file. The image is 1200×630 PNG, drawn with Pillow's own font (no font on the machine
is needed).
"""

import hashlib
import io

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


def card_path(kind: str, title: str, subtitle: str) -> str:
    """The card's file name in the media storage; the card is drawn and saved if missing."""
    digest = hashlib.sha256("\x1f".join([DRAWING, kind, title, subtitle]).encode()).hexdigest()
    path = f"social/{digest[:24]}.png"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(draw(kind, title, subtitle)))
    return path


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
