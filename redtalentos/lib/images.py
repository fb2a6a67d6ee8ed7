"""Safe uploaded pictures: checked, re-encoded without metadata, stored under random names.

An upload is never kept as sent: only new files drawn from its pixels are stored, so no EXIF (GPS,
camera serial), ICC comment or hidden payload in the original can reach the site. Profile photos and
chapter news use the same pipeline with different sizes.
"""

import contextlib
import io
import struct
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError, features

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
PHOTO_SIZES = {"large": 480, "small": 160}

# WebP is smaller at the same quality; JPEG is the fallback for a Pillow built without libwebp.
OUTPUT_FORMAT, OUTPUT_EXTENSION = ("WEBP", "webp") if features.check("webp") else ("JPEG", "jpg")
OUTPUT_QUALITY = 82

_SRGB = ImageCms.createProfile("sRGB") if features.check("littlecms2") else None

NOT_AN_IMAGE = _("El archivo no es una imagen JPEG, PNG o WebP válida.")
TOO_BIG = _("La imagen pesa %(size)s; el máximo es %(max)s.")
TOO_MANY_PIXELS = _(
    "La imagen mide %(width)s × %(height)s píxeles; el máximo es de 40 megapíxeles."  # noqa: RUF001
)
# A header claiming billions of pixels: Pillow stops before reading the size back to us.
DECOMPRESSION_BOMB = _("La imagen es demasiado grande; el máximo es de 40 megapíxeles.")
DAMAGED = _("La imagen está dañada o incompleta. Prueba con otro archivo.")


@dataclass(frozen=True)
class Version:
    """One stored size of a picture: a file ready for a FileField, and its pixel size."""

    file: ContentFile
    width: int
    height: int


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params or None)


def _read_limited(upload):
    """The upload's bytes, refusing anything past MAX_BYTES without reading it all."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        _refuse(TOO_BIG, "too_big", size=filesizeformat(size), max=filesizeformat(MAX_BYTES))
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _refuse(
            TOO_BIG, "too_big", size=filesizeformat(MAX_BYTES + 1), max=filesizeformat(MAX_BYTES)
        )
    if not data:
        _refuse(NOT_AN_IMAGE, "not_an_image")
    return data


def _open(data):
    """Opens only the accepted formats, checks the size from the header, then decodes it all."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # a global that would let truncated files through
        _refuse(DAMAGED, "damaged")
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                _refuse(TOO_MANY_PIXELS, "too_many_pixels", width=width, height=height)
            probe.verify()
        # verify() leaves the image unusable: open it again to decode the pixels.
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        if image.size != (width, height) or width < 1 or height < 1:
            _refuse(DAMAGED, "damaged")
        image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(DECOMPRESSION_BOMB, "too_many_pixels")
    except UnidentifiedImageError:
        _refuse(NOT_AN_IMAGE, "not_an_image")
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error):
        # Pillow reports truncated or corrupt data through several exception types.
        _refuse(DAMAGED, "damaged")
    return image


def _to_srgb(image):
    """Upright, opaque RGB pixels in sRGB, so that dropping the colour profile changes nothing."""
    # A damaged EXIF block: keep the pixels as stored (the EXIF is dropped below anyway).
    with contextlib.suppress(OSError, ValueError, TypeError, SyntaxError, struct.error):
        image = ImageOps.exif_transpose(image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    icc = image.info.get("icc_profile")
    if icc and _SRGB is not None and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: keep the pixels as they are
    return image.convert("RGB")


def _clean_copy(image):
    """A new image holding only the pixels: no info dict, no EXIF, no profile, no comments."""
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def _encode(image):
    buffer = io.BytesIO()
    options = {"quality": OUTPUT_QUALITY, "exif": b"", "icc_profile": None}
    if OUTPUT_FORMAT == "JPEG":
        options.update(optimize=True, progressive=True)
    else:
        options.update(method=4)
    image.save(buffer, OUTPUT_FORMAT, **options)
    name = f"{uuid.uuid4().hex}.{OUTPUT_EXTENSION}"
    return ContentFile(buffer.getvalue(), name=name)


def process_image(upload, *, sizes, square):
    """Checks an uploaded picture and returns {name: Version} for each requested size.

    `sizes` maps a version name to its longest side in pixels. With `square` each version is
    centre-cropped to a square of that side (profile photos); otherwise it fits inside the box
    (news pictures). Small pictures are never enlarged. Raises ValidationError with a message for
    the person uploading when the file is refused.
    """
    data = _read_limited(upload)
    image = _open(data)
    try:
        pixels = _to_srgb(image)
    except (OSError, ValueError, TypeError) as error:
        raise ValidationError(DAMAGED, code="damaged") from error
    finally:
        image.close()
    versions = {}
    for name, side in sizes.items():
        if square:
            target = min(side, *pixels.size)
            resized = ImageOps.fit(pixels, (target, target), Image.Resampling.LANCZOS)
        else:
            resized = pixels.copy()
            resized.thumbnail((side, side), Image.Resampling.LANCZOS)
        clean = _clean_copy(resized)
        versions[name] = Version(file=_encode(clean), width=clean.width, height=clean.height)
    return versions


def process_photo(upload):
    """A profile photo: square, 480 px ("large") and 160 px ("small")."""
    return process_image(upload, sizes=PHOTO_SIZES, square=True)
