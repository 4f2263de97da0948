"""Company logos: what an upload must be, and the files stored from it.

An upload is judged by its content, never by its name or the type the browser declares: a PNG,
JPEG or WebP image of at most 1 MB, between 32 and 4,096 pixels a side, that decodes to the
end. SVG is refused (it can carry script), and so is anything Pillow would not open as one of
those three formats. The size in the header is checked before a single pixel is decoded, so
a small file claiming enormous dimensions costs nothing.

An accepted logo is resized once, when the company is saved, to two WebP files: 256 pixels
on its longer side (the logo's stored name) and 64 pixels beside it (`<name>-64.webp`).
Metadata (EXIF, colour profiles, comments) is not carried over. Names are a hash of the
content, so a file never changes once written and may be cached for a year; uploading the
same logo twice stores it once. Old files stay: a restored version of a company may name them.
"""

import hashlib
import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile, FileField
from django.forms import ClearableFileInput
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 1024 * 1024
MIN_SIDE = 32
MAX_SIDE = 4096
FORMATS = ("PNG", "JPEG", "WEBP")
ACCEPT = "image/png,image/jpeg,image/webp"
LARGE, SMALL = 256, 64

NOT_AN_IMAGE = "Upload a PNG, JPEG or WebP image; this file is not one."


def open_logo(file) -> Image.Image:
    """The decoded image in `file`, or a ValidationError saying what is wrong with it."""
    if file.size > MAX_BYTES:
        raise ValidationError(
            f"The logo is {filesizeformat(file.size)}; it can be at most "
            f"{filesizeformat(MAX_BYTES)}.",
            code="too_large",
        )
    file.seek(0)
    start = file.read(1024).lstrip().lower()
    file.seek(0)
    if start.startswith((b"<svg", b"<?xml")) or b"<svg" in start:
        raise ValidationError(
            "SVG logos are not accepted, as they can carry script: upload a PNG, JPEG or WebP.",
            code="svg",
        )
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own pixel limit; here that is a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=FORMATS)
            width, height = image.size
            if max(width, height) > MAX_SIDE:
                raise ValidationError(
                    f"The logo is {width}×{height} pixels; it can be at most {MAX_SIDE} pixels "
                    "a side.",
                    code="too_big",
                )
            if min(width, height) < MIN_SIDE:
                raise ValidationError(
                    f"The logo is {width}×{height} pixels; it needs at least {MIN_SIDE} "
                    "pixels a side to look sharp.",
                    code="too_small",
                )
            image.load()
    except UnidentifiedImageError:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            f"The logo's dimensions are far too large; it can be at most {MAX_SIDE} pixels a side.",
            code="too_big",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            "The image could not be read to the end: the file is damaged or incomplete.",
            code="damaged",
        ) from None
    return image


def validate_logo(value) -> None:
    """Model-field validator: a new upload must open as a logo. Stored files were checked
    when they were uploaded."""
    if value and not getattr(value, "_committed", True):
        open_logo(value)


def _webp(image: Image.Image, side: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "WEBP", quality=90, method=4)
    return buffer.getvalue()


def small_name(name: str) -> str:
    return name.removesuffix(".webp") + f"-{SMALL}.webp"


class LogoStorage(FileSystemStorage):
    """Files named by a hash of their content: a name that is taken already holds these
    bytes, so it is kept rather than written again under another name."""

    def get_available_name(self, name, max_length=None):
        return name

    def _save(self, name, content):
        if self.exists(name):
            return name
        try:
            return super()._save(name, content)
        except FileExistsError:  # written meanwhile by another save of the same logo
            return name


def logo_storage():
    return LogoStorage()


class LogoFieldFile(FieldFile):
    def save(self, name, content, save=True):
        """Store the upload as its two renditions, named by the larger one's hash."""
        image = ImageOps.exif_transpose(open_logo(content)).convert("RGBA")
        large = _webp(image, LARGE)
        stored = f"{hashlib.sha256(large).hexdigest()[:32]}.webp"
        small = _webp(image, SMALL)
        self.storage.save(
            small_name(self.field.generate_filename(self.instance, stored)), ContentFile(small)
        )
        super().save(stored, ContentFile(large), save)

    @property
    def small_url(self) -> str:
        return self.storage.url(small_name(self.name))


class LogoField(FileField):
    """A company's logo: validated uploads stored as two WebP renditions (see the module)."""

    attr_class = LogoFieldFile
    default_validators = [validate_logo]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", "logos/")
        kwargs.setdefault("storage", logo_storage)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # The stored name is the hash, so the uploaded file's name may be any length.
        widget = ClearableFileInput(attrs={"accept": ACCEPT})
        return super().formfield(**{"widget": widget, **kwargs, "max_length": None})
