"""Safe uploaded pictures: checked, re-encoded without metadata, stored under random names.

An upload is never kept as sent: only new files drawn from its pixels are stored, so no EXIF (GPS,
camera serial), ICC comment or hidden payload in the original can reach the site. Profile photos and
chapter news use the same pipeline with different sizes.

Memory: a small file can hold many pixels (a 200 KB PNG of 40 megapixels decodes to 160 MB), so the
size is checked from the header before any pixel is decoded, JPEG is decoded at reduced scale by
libjpeg itself, other formats are reduced right after decoding, and one worker decodes one large
picture at a time. `manage.py bench_uploads` measures the peak per upload.

Storing: `stored_versions` writes the new files for a database change and takes them all back when
the disk is full or the change fails, so that a full disk never leaves a truncated file.
"""

import contextlib
import io
import math
import struct
import threading
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError, features

from . import storing

MAX_BYTES = 5 * 1024 * 1024
# Far more than a portrait or a news picture needs (480 and 1200 px), enough for a 12 or 16 MP
# camera, and small enough that a picture decoded whole stays within a worker's memory budget
# (150 MB an upload). Pillow's WebP decoder holds four copies of the canvas, so WebP gets less.
MAX_PIXELS = 16_000_000
MAX_WEBP_PIXELS = 8_000_000
# Pictures past this size (16 MB of pixels and more) take turns within one worker process.
LARGE_DECODE_PIXELS = 4_000_000
DECODE_WAIT_SECONDS = 30
# Rows of the decoded picture reduced at a time: a strip is converted (palette, alpha) on its own
# rather than copying the whole picture.
STRIP_ROWS = 256
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
PHOTO_SIZES = {"large": 480, "small": 160}

# WebP is smaller at the same quality; JPEG is the fallback for a Pillow built without libwebp.
OUTPUT_FORMAT, OUTPUT_EXTENSION = ("WEBP", "webp") if features.check("webp") else ("JPEG", "jpg")
OUTPUT_QUALITY = 82

_SRGB = ImageCms.createProfile("sRGB") if features.check("littlecms2") else None

NOT_AN_IMAGE = _("El archivo no es una imagen JPEG, PNG o WebP válida.")
TOO_BIG = _("La imagen pesa %(size)s; el máximo es %(max)s.")
TOO_MANY_PIXELS = _(
    "La imagen mide %(width)s × %(height)s píxeles y el máximo es de %(limit)s. Guárdala en un "  # noqa: RUF001
    "tamaño menor e inténtalo de nuevo."
)
LIMIT = _("16 megapíxeles (por ejemplo, 4000 × 4000 o 4608 × 3456 píxeles)")  # noqa: RUF001
WEBP_LIMIT = _(
    "8 megapíxeles en WebP (por ejemplo, 3264 × 2448 píxeles; en JPEG o PNG, hasta 16 "  # noqa: RUF001
    "megapíxeles)"
)
# A header claiming billions of pixels: Pillow stops before reading the size back to us.
DECOMPRESSION_BOMB = _(
    "La imagen es demasiado grande: el máximo es de 16 megapíxeles (por ejemplo, 4000 × 4000 "  # noqa: RUF001
    "píxeles). Guárdala en un tamaño menor e inténtalo de nuevo."
)
DAMAGED = _("La imagen está dañada o incompleta. Prueba con otro archivo.")
BUSY = _(
    "En este momento estamos procesando otras imágenes grandes. Espera unos segundos e inténtalo "
    "de nuevo."
)
STORAGE_FULL = _(
    "No pudimos guardar la imagen porque el servidor no tiene espacio. Tus otros datos no "
    "cambiaron; inténtalo más tarde."
)

# One large decode at a time per worker: three large uploads in one process at once would hold
# three full-size copies of their pixels.
_DECODE_TURN = threading.Lock()


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


def _needed_size(size, sizes, square):
    """The smallest (width, height) from which every requested version can still be drawn."""
    width, height = size
    side = max(sizes.values())
    scale = min(1.0, side / (min(width, height) if square else max(width, height)))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _reducible_mode(image):
    # reduce() averages values: palette indices must become colours first, 1-bit and 16-bit
    # pixels a mode it can average.
    if image.mode in ("P", "PA"):
        return "RGBA"
    if image.mode == "1":
        return "L"
    if image.mode.startswith("I;16"):
        return "I"
    return image.mode


def _reduce(image, factor):
    """`image` shrunk `factor` times (box average), a strip at a time: converting the palette or
    premultiplying the alpha of the whole picture would copy all of it again."""
    mode = _reducible_mode(image)
    width, height = image.size
    reduced = Image.new(mode, (-(-width // factor), -(-height // factor)))
    rows = max(1, STRIP_ROWS // factor) * factor  # whole blocks of `factor` rows
    for top in range(0, height, rows):
        strip = image.crop((0, top, width, min(height, top + rows)))
        if strip.mode != mode:
            strip = strip.convert(mode)
        reduced.paste(strip.reduce(factor), (0, top // factor))
    # The orientation (EXIF) and colour profile still apply to the reduced pixels.
    reduced.info = {
        k: v for k, v in image.info.items() if mode == image.mode or k != "transparency"
    }
    return reduced


@contextlib.contextmanager
def _decode_turn(pixels):
    """Waits for this worker's other large decode, if any; refuses after DECODE_WAIT_SECONDS."""
    if pixels <= LARGE_DECODE_PIXELS:
        yield
        return
    if not _DECODE_TURN.acquire(timeout=DECODE_WAIT_SECONDS):
        _refuse(BUSY, "busy")
    try:
        yield
    finally:
        _DECODE_TURN.release()


def _webp_size(data):
    """A WebP's (width, height) read from its first chunk, or None when it cannot be read."""
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _checked_size(data):
    """(width, height) from the header alone, refused past the limit of the picture's format."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        # Pillow's WebP decoder allocates the whole canvas as soon as the file is opened: the
        # size is read from the header here instead.
        size, limit, limit_text = _webp_size(data), MAX_WEBP_PIXELS, WEBP_LIMIT
        if size is None:
            _refuse(DAMAGED, "damaged")
    else:
        # For JPEG and PNG, Image.open reads the header only.
        with Image.open(io.BytesIO(data), formats=("JPEG", "PNG")) as probe:
            size, limit, limit_text = probe.size, MAX_PIXELS, LIMIT
    width, height = size
    if width * height > limit:
        _refuse(TOO_MANY_PIXELS, "too_many_pixels", width=width, height=height, limit=limit_text)
    if width < 1 or height < 1:
        _refuse(DAMAGED, "damaged")
    return size


def _decode(data, *, sizes, square):
    """Checks the size from the header, then decodes only as many pixels as the versions need."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # a global that would let truncated files through
        _refuse(DAMAGED, "damaged")
    try:
        size = _checked_size(data)
        with _decode_turn(size[0] * size[1]):
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                probe.verify()
            # verify() leaves the image unusable: open it again to decode the pixels.
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            if image.size != size:
                _refuse(DAMAGED, "damaged")
            needed = _needed_size(size, sizes, square)
            # JPEG: libjpeg decodes at 1/2, 1/4 or 1/8 scale, never below `needed` (others: no-op).
            image.draft(None, needed)
            image.load()
            factor = min(image.width // needed[0], image.height // needed[1])
            if factor >= 2:
                # PNG and WebP decode whole: keep a reduced copy and free the full one at once.
                full, image = image, _reduce(image, factor)
                full.close()
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
    image = _decode(data, sizes=sizes, square=square)
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


# Storing


class ImageNotStored(storing.NotStored):
    """The server could not write a picture (full disk, quota, I/O error). Nothing of it was kept
    and no row changed; `message` is for the person uploading."""

    message = STORAGE_FULL


def stored_versions(instance, versions):
    """Writes each Version into a file field of `instance` for the database change in the block.

    `versions` maps a FileField name to a Version. A full disk (or any OSError) deletes what was
    written and raises ImageNotStored before the block runs; a failure in the block deletes the
    new files too (storing.stored_files says how).
    """
    files = {field: version.file for field, version in versions.items()}
    return storing.stored_files(instance, files, error_class=ImageNotStored)
