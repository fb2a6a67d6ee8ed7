"""Checked PDF documents: the one engine for uploads that people send each other.

Speakers' materials (Jornadas), students' CVs (internships) and committees' attachments are PDFs
written by one person and opened by another, so a file is refused unless it is plainly a document:
- `check_pdf` reads it with pypdf and refuses, each with its own message: too large, not a PDF
  (wrong first bytes, a picture or web page renamed, truncated, unreadable), encrypted (even with
  an empty password), JavaScript anywhere (document names, open actions, additional actions of
  pages, annotations or fields, /JS keys), embedded or attached files, actions that launch
  programs, too many pages, and compressed data that inflates past a bound (a "PDF bomb").
  The file is kept as sent: refusing is simpler to trust than rewriting.
- Parsing is bounded: pypdf runs under a stricter configuration (object streams and cross-reference
  streams inflate to at most 16 MB, the page tree has a size bound); every other Flate stream is
  inflated in 1 MB pieces that are counted and dropped, behind its ASCII85 or hex layer if any
  (memory stays flat whatever the stream claims); the walk over the objects is iterative, skips
  the structure tree of tagged PDFs and has a cap on the objects and on the seconds; and any pypdf
  error, RecursionError included, becomes a refusal rather than a 500.
- `PDFField` is the form field that runs the check; `stored_documents` writes the file for a
  database change and takes it back on a full disk (`storing.stored_files`, shared with pictures).
- Files live under settings.PRIVATE_MEDIA_ROOT (`private_storage`), never under MEDIA_ROOT or the
  static files, with random names (`upload_to`), and have no URL: each app serves them through its
  own view, which checks permission and then calls `serve_document` with its access log.
"""

import logging
import re
import time
import unicodedata
import uuid
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pypdf
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from . import storing
from .pdf_filters import a85_pieces, hex_pieces

logger = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_PAGES = 500
# Far above what a page of text or a slide inflates to; a stream past it is refused as a bomb.
MAX_STREAM_INFLATED = 100 * MB
MAX_DOCUMENT_INFLATED = 400 * MB
# Object and cross-reference streams are decoded whole by pypdf (they hold the file's
# structure, normally a few hundred KB): their bound is lower.
MAX_STRUCTURE_INFLATED = 16 * MB
# A document of 500 pages has a few thousand objects (tens of thousands with many links); pypdf
# keeps every object it reads, so this bounds memory as well as time.
MAX_OBJECTS = 50_000
MAX_SECONDS = 10
# The structure tree of a tagged (accessible) PDF has an object per paragraph or span and no
# actions of its own (its annotations are also the pages'): not walked, so tagging costs nothing.
_NOT_WALKED = frozenset({"/StructTreeRoot"})
INFLATE_PIECE = 1 * MB
PIECE_INPUT = 256 * 1024

TOO_BIG = _(
    "El archivo pesa %(size)s y el máximo es de %(limit)s MB. Reduce su tamaño (por ejemplo, "
    "comprimiendo las imágenes) e inténtalo de nuevo."
)
EMPTY = _("El archivo está vacío.")
NOT_A_PDF = _("El archivo no es un PDF. Guárdalo o expórtalo como PDF e inténtalo de nuevo.")
DAMAGED = _(
    "El PDF está dañado o incompleto y no se puede leer. Vuelve a generarlo e inténtalo de nuevo."
)
ENCRYPTED = _(
    "El PDF está cifrado o protegido con contraseña. Guárdalo sin protección e inténtalo de nuevo."
)
JAVASCRIPT = _(
    "El PDF contiene JavaScript, que no aceptamos por seguridad. Guárdalo sin scripts (por "
    "ejemplo, con «Imprimir como PDF») e inténtalo de nuevo."
)
EMBEDDED_FILES = _(
    "El PDF lleva archivos adjuntos o incrustados, que no aceptamos por seguridad. Quítalos e "
    "inténtalo de nuevo."
)
LAUNCH = _(
    "El PDF contiene una acción que abre otros programas, que no aceptamos por seguridad. Guárdalo "
    "sin ella (por ejemplo, con «Imprimir como PDF») e inténtalo de nuevo."
)
TOO_MANY_PAGES = _("El PDF tiene %(pages)s páginas y el máximo es de %(limit)s.")
BOMB = _(
    "El PDF contiene datos comprimidos que al abrirse ocupan más de %(limit)s MB, lo que no "
    "aceptamos por seguridad. Vuelve a generarlo e inténtalo de nuevo."
)
TOO_COMPLEX = _(
    "El PDF es demasiado complejo para revisarlo (demasiados objetos o anidados). Vuelve a "
    "generarlo, por ejemplo con «Imprimir como PDF», e inténtalo de nuevo."
)
DOCUMENT_NOT_STORED = _(
    "No pudimos guardar el documento porque el servidor no tiene espacio. Tus otros datos no "
    "cambiaron; inténtalo más tarde."
)

_FLATE = {"/FlateDecode", "/Fl"}
_A85 = {"/ASCII85Decode", "/A85"}
_HEX = {"/ASCIIHexDecode", "/AHx"}
_LZW_OR_RUN_LENGTH = {"/LZWDecode", "/LZW", "/RunLengthDecode", "/RL"}


@dataclass(frozen=True)
class PdfCheck:
    """What the check learnt of an accepted PDF."""

    pages: int


def _refuse(message, code, params=None, **more):
    raise ValidationError(message, code=code, params={**(params or {}), **more} or None)


def _read_limited(upload, max_bytes):
    """The upload's bytes, refusing anything past `max_bytes` without reading it all."""
    limit = max_bytes // MB

    def too_big(size):
        _refuse(TOO_BIG, "too_big", size=filesizeformat(size), limit=limit)

    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        too_big(size)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(data) > max_bytes:
        too_big(len(data))
    if not data:
        _refuse(EMPTY, "empty")
    return data


def _configuration(max_pages):
    return {
        "zlib_maximum_output_length": MAX_STRUCTURE_INFLATED,
        "lzw_maximum_output_length": MAX_STRUCTURE_INFLATED,
        "run_length_maximum_output_length": MAX_STRUCTURE_INFLATED,
        "page_tree_maximum_entries": 4 * max_pages + 1000,
    }


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


class _Walk:
    """Visits every object reachable from the trailer once, without recursion."""

    def __init__(self, deadline):
        self.deadline = deadline
        self.inflated = 0

    def run(self, trailer):
        stack = [trailer]
        seen = set()
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                if len(seen) > MAX_OBJECTS:
                    _refuse(TOO_COMPLEX, "too_complex")
                self._in_time()
                item = item.get_object()
            if isinstance(item, DictionaryObject):
                self._inspect(item)
                if isinstance(item, StreamObject):
                    self._inflate(item)
                stack.extend(value for key, value in item.items() if key not in _NOT_WALKED)
            elif isinstance(item, ArrayObject):
                stack.extend(item)

    def _in_time(self):
        if time.monotonic() > self.deadline:
            _refuse(TOO_COMPLEX, "too_complex")

    @staticmethod
    def _inspect(item):
        keys = item.keys()
        action = _resolved(item.get("/S"))
        if "/JS" in keys or "/JavaScript" in keys or action == "/JavaScript":
            _refuse(JAVASCRIPT, "javascript")
        if action == "/Launch":
            _refuse(LAUNCH, "launch")
        subtype = _resolved(item.get("/Subtype"))
        if (
            "/EmbeddedFiles" in keys
            or "/EF" in keys
            or _resolved(item.get("/Type")) == "/EmbeddedFile"
            or subtype in ("/FileAttachment", "/RichMedia")
            or action == "/GoToE"
        ):
            _refuse(EMBEDDED_FILES, "embedded_files")

    def _inflate(self, stream):
        """Counts what the stream's Flate data inflates to, in pieces that are dropped."""
        filters = _resolved(stream.get("/Filter"))
        filters = [_resolved(f) for f in filters] if isinstance(filters, ArrayObject) else [filters]
        # pypdf keeps the stream as read from the file (still encoded) in `_data`.
        data = stream._data
        pieces = (data[start : start + PIECE_INPUT] for start in range(0, len(data), PIECE_INPUT))
        for name in filters:
            if name in _A85:
                pieces = a85_pieces(pieces)
            elif name in _HEX:
                pieces = hex_pieces(pieces)
            elif name in _FLATE:
                self._count_inflated(pieces)
                return
            elif name in _LZW_OR_RUN_LENGTH:
                # Rare today; pypdf decodes these whole, within the configured bound.
                try:
                    stream.get_data()
                except LimitReachedError:
                    _refuse(BOMB, "bomb", limit=MAX_STRUCTURE_INFLATED // MB)
                return
            else:  # no filter, or a picture codec: nothing that grows here
                return

    def _count_inflated(self, pieces):
        inflater = zlib.decompressobj()
        size = 0
        try:
            for piece in pieces:
                pending = piece
                while pending and not inflater.eof:
                    size += len(inflater.decompress(pending, INFLATE_PIECE))
                    self._check_inflated(size)
                    pending = inflater.unconsumed_tail
                if inflater.eof:
                    break
            while not inflater.eof and (piece := inflater.decompress(b"", INFLATE_PIECE)):
                size += len(piece)
                self._check_inflated(size)
        except (zlib.error, ValueError):
            pass  # damaged data: viewers show what they can, and it cannot grow past this
        self.inflated += size
        if self.inflated > MAX_DOCUMENT_INFLATED:
            _refuse(BOMB, "bomb", limit=MAX_DOCUMENT_INFLATED // MB)

    def _check_inflated(self, size):
        if size > MAX_STREAM_INFLATED:
            _refuse(BOMB, "bomb", limit=MAX_STREAM_INFLATED // MB)
        self._in_time()


def _page_count(reader, max_pages):
    declared = _resolved(reader.trailer["/Root"]["/Pages"].get("/Count"))
    if isinstance(declared, int) and declared > max_pages:
        _refuse(TOO_MANY_PAGES, "too_many_pages", pages=declared, limit=max_pages)
    try:
        pages = len(reader.pages)
    except LimitReachedError:
        # A page tree past the configured bound holds more pages than allowed.
        _refuse(TOO_MANY_PAGES, "too_many_pages", pages=declared, limit=max_pages)
    if pages > max_pages:
        _refuse(TOO_MANY_PAGES, "too_many_pages", pages=pages, limit=max_pages)
    if pages < 1:
        _refuse(DAMAGED, "damaged")
    return pages


def _reason(error):
    """The refusal (message, code, params) for an error raised while reading: pypdf wraps the
    errors of its limits and of Python's recursion limit in its own."""
    while error is not None:
        if isinstance(error, LimitReachedError):
            if "decompress" in str(error).lower():
                return BOMB, "bomb", {"limit": MAX_STRUCTURE_INFLATED // MB}
            return TOO_COMPLEX, "too_complex", {}
        if isinstance(error, RecursionError):
            return TOO_COMPLEX, "too_complex", {}
        error = error.__cause__ or error.__context__
    return DAMAGED, "damaged", {}


def check_pdf(upload, *, max_bytes, max_pages=MAX_PAGES):
    """Checks an uploaded PDF and returns a PdfCheck; raises ValidationError with a message for
    the person uploading when the file is refused (see the module's docstring for what is)."""
    data = _read_limited(upload, max_bytes)
    # The header at the very start (not "within the first KB" as viewers allow): a file that is
    # also a web page or a picture does not get in.
    if not data.startswith(b"%PDF-"):
        _refuse(NOT_A_PDF, "not_a_pdf")
    # A PDF ends with %%EOF (a few bytes of line ends may follow): without it, it was cut short.
    if b"%%EOF" not in data[-1024:]:
        _refuse(DAMAGED, "damaged")
    deadline = time.monotonic() + MAX_SECONDS
    try:
        with pypdf.apply_configuration(**_configuration(max_pages)):
            reader = pypdf.PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                _refuse(ENCRYPTED, "encrypted")
            pages = _page_count(reader, max_pages)
            _Walk(deadline).run(reader.trailer)
    except ValidationError:
        raise
    except Exception as error:
        # A parser on hostile input: whatever it raises (pypdf's own errors, but also KeyError,
        # AssertionError, ValueError... from malformed objects) is a refusal, never a 500.
        logger.info("A PDF was refused as unreadable: %s: %s", type(error).__name__, error)
        _refuse(*_reason(error))
    return PdfCheck(pages=pages)


# Formatted when shown, so that it speaks the language of the request, not of the import.
_limit_help = lazy(lambda limit: _("Un PDF de hasta %(limit)s MB.") % {"limit": limit}, str)


class PDFField(forms.FileField):
    """A file field that accepts only checked PDFs (check_pdf). The cleaned value is the upload,
    with the check's result in its `pdf` attribute."""

    def __init__(self, *, max_bytes, max_pages=MAX_PAGES, **kwargs):
        self.max_bytes = max_bytes
        self.max_pages = max_pages
        kwargs.setdefault("help_text", _limit_help(max_bytes // MB))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["accept"] = "application/pdf"
        return attrs

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            upload.pdf = check_pdf(upload, max_bytes=self.max_bytes, max_pages=self.max_pages)
        return upload


# Storing


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT, with no URL: read only through a view."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Private documents have no URL: serve them through a view.")


_PRIVATE_STORAGE = PrivateStorage()


def private_storage():
    """The storage of private documents, for FileField(storage=private_storage)."""
    return _PRIVATE_STORAGE


@deconstructible
class UploadTo:
    """upload_to of a document field: "<folder>/<2 hex>/<random hex>.pdf". Nothing of the sender's
    file name is kept, so that no name can be guessed or collide."""

    def __init__(self, folder):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        name = uuid.uuid4().hex
        return f"{self.folder}/{name[:2]}/{name}.pdf"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


def upload_to(folder):
    """For FileField(upload_to=upload_to("internships/cvs"), storage=private_storage)."""
    return UploadTo(folder)


class DocumentNotStored(storing.NotStored):
    """The server could not write a document (full disk, quota): nothing was kept."""

    message = DOCUMENT_NOT_STORED


def stored_documents(instance, uploads):
    """Writes each upload into a file field of `instance` for the database change in the block.

    `uploads` maps a FileField name to a checked upload. A full disk (or any OSError) deletes what
    was written and raises DocumentNotStored before the block runs (show its `message` next to the
    field); a failure in the block deletes the new files too. Put the transaction inside the block.
    """
    return storing.stored_files(instance, uploads, error_class=DocumentNotStored)


# Serving

_UNSAFE_NAME = re.compile(r"[^\w .()-]+")
_DOTS = re.compile(r"\.{2,}")


def safe_download_name(name):
    """A file name for Content-Disposition: no path, quotes or control characters, ends in .pdf."""
    name = unicodedata.normalize("NFC", str(name)).replace("/", " ").replace("\\", " ")
    stem = _UNSAFE_NAME.sub(" ", name.removesuffix(".pdf").removesuffix(".PDF"))
    stem = _DOTS.sub(" ", stem)
    stem = " ".join(stem.split()).strip(" .")[:100] or "documento"
    return f"{stem}.pdf"


def serve_document(request, file_field, *, download_name, log, inline=False):
    """Streams a stored document. The caller has checked the permission; `log` (no arguments) is
    its access log, called once when the file is served. A missing file answers 404."""
    if not file_field:
        raise Http404("No document.")
    try:
        handle = file_field.storage.open(file_field.name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        logger.warning("A stored document is missing: %s", file_field.name)
        raise Http404("Missing document.") from error
    try:
        log()
    except BaseException:
        handle.close()
        raise
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=safe_download_name(download_name),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Opened in the browser, the PDF runs in a sandbox: no scripts, no same-origin access.
    response["Content-Security-Policy"] = "sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
