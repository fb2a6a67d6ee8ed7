"""A certificate as a one-page PDF (A4 landscape) drawn with ReportLab's canvas: pure Python, a
few milliseconds each, and nothing kept between certificates, so memory stays flat over thousands.

Texts come in the active language; names and titles as issued. The standard Helvetica covers
Latin-1 (Spanish, French, German, Portuguese); other letters lose their accent when they have one
(ő → o) rather than print as a box.
"""

import io
import unicodedata
from urllib.parse import urljoin

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from .models import Kind

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 36
GREEN = HexColor("#0b5a3c")
DARK = HexColor("#1f2328")
GREY = HexColor("#57606a")
REGULAR, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
QR_SIZE = 96  # points: 3.4 cm, readable by any phone from a print
# Choosing the best of the eight QR masks costs five times the rest of the page; any mask is
# valid and phones read each of them, so the code uses one (mask 2: vertical stripes).
QR_MASK = 2


def _printable(text):
    """`text` in what Helvetica's encoding (cp1252) can print: letters outside it lose their
    accent where they have one; the rest stay (and print as a box)."""
    text = " ".join(str(text).split())
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append(base or char)
    return "".join(out)


def _lead_in(kind):
    return {
        Kind.ATTENDANCE: _("por su asistencia a"),
        Kind.SPEAKING: _("por su participación como ponente en"),
        Kind.INTERNSHIP: _("por la pasantía realizada en"),
        Kind.MENTORING: _("por su labor de mentoría en"),
        Kind.REVIEWING: _("por su participación en el comité de evaluación de"),
    }.get(kind, "")


def _long_date(value):
    text = formats.date_format(value, "DATE_FORMAT")
    # Django's Spanish month names are capitalised; Spanish writes them in lower case.
    return text.lower() if get_language().startswith("es") else text


def _dates(certificate):
    start = _long_date(certificate.starts_on)
    if certificate.ends_on and certificate.ends_on != certificate.starts_on:
        end = _long_date(certificate.ends_on)
        return _("del %(start)s al %(end)s") % {"start": start, "end": end}
    return start


def _centred(pdf, text, *, y, font, size, color=DARK, max_width=PAGE_WIDTH - 4 * MARGIN):
    """Draws `text` centred, wrapped to `max_width`; returns the y below its last line."""
    pdf.setFillColor(color)
    pdf.setFont(font, size)
    for line in simpleSplit(_printable(text), font, size, max_width):
        pdf.drawCentredString(PAGE_WIDTH / 2, y, line)
        y -= size * 1.3
    return y


def _fitting_size(text, font, size, max_width, smallest):
    """The largest size, from `size` down to `smallest`, at which `text` fits on one line."""
    text = _printable(text)
    while size > smallest and stringWidth(text, font, size) > max_width:
        size -= 2
    return size


def _qr(pdf, url, *, x, y, size):
    """A QR code of `url` with its bottom left at (x, y): each row's dark runs as one path."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    count = code.getModuleCount()
    quiet = 4  # modules of white around the code, as the standard asks
    module = size / (count + 2 * quiet)
    pdf.setFillColor(white)
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    path = pdf.beginPath()
    for row in range(count):
        cells = code.modules[row]
        col = 0
        while col < count:
            if cells[col]:
                start = col
                while col < count and cells[col]:
                    col += 1
                path.rect(
                    x + (quiet + start) * module,
                    y + size - (quiet + row + 1) * module,
                    (col - start) * module,
                    module,
                )
            else:
                col += 1
    pdf.setFillColor(DARK)
    pdf.drawPath(path, stroke=0, fill=1)


def render_pdf(certificate, *, base_url):
    """The certificate as PDF bytes; its QR code and printed link lead to the public check at
    `base_url` (the site's address, e.g. "https://redtalentos.example/")."""
    verify_url = urljoin(base_url, certificate.get_absolute_url())
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    pdf.setTitle(_printable(f"{certificate.document_title} · {certificate.holder_name}"))
    pdf.setAuthor(_printable(certificate.issued_by_label))
    pdf.setSubject(_printable(certificate.title))
    pdf.setCreator(_("Red de Talentos Mexicanos"))

    # Frame
    pdf.setStrokeColor(GREEN)
    pdf.setLineWidth(3)
    pdf.rect(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN)
    pdf.setLineWidth(0.8)
    pdf.rect(MARGIN + 6, MARGIN + 6, PAGE_WIDTH - 2 * MARGIN - 12, PAGE_HEIGHT - 2 * MARGIN - 12)

    y = PAGE_HEIGHT - MARGIN - 48
    y = _centred(pdf, _("Red de Talentos Mexicanos en el Exterior"), y=y, font=BOLD, size=15,
                 color=GREEN)  # fmt: skip
    y = _centred(pdf, certificate.issued_by_label, y=y, font=REGULAR, size=11, color=GREY)
    y -= 30
    y = _centred(pdf, certificate.document_title, y=y, font=BOLD, size=26)
    y -= 14
    y = _centred(pdf, _("Se otorga a"), y=y, font=REGULAR, size=13, color=GREY)
    y -= 8
    name_width = PAGE_WIDTH - 4 * MARGIN
    name_size = _fitting_size(certificate.holder_name, BOLD, 30, name_width, 18)
    y = _centred(pdf, certificate.holder_name, y=y, font=BOLD, size=name_size, color=GREEN)
    y -= 8
    lead_in = _lead_in(certificate.kind)
    if lead_in:
        y = _centred(pdf, lead_in, y=y, font=REGULAR, size=13, color=GREY)
    y = _centred(pdf, certificate.title, y=y, font=BOLD, size=17)
    if certificate.role:
        y = _centred(pdf, certificate.role, y=y, font=ITALIC, size=13)
    y -= 6
    when = _dates(certificate)
    where = f"{certificate.place}, {when}" if certificate.place else when
    _centred(pdf, where, y=y, font=REGULAR, size=12, color=GREY)

    # Footer: who issued it and when, and how to check it.
    qr_x = PAGE_WIDTH - MARGIN - 18 - QR_SIZE
    qr_y = MARGIN + 18
    _qr(pdf, verify_url, x=qr_x, y=qr_y, size=QR_SIZE)
    left = MARGIN + 24
    issued = _long_date(timezone.localdate(certificate.issued_at))
    pdf.setFillColor(GREY)
    pdf.setFont(REGULAR, 9)
    lines = [
        _("Emitido el %(date)s.") % {"date": issued},
        _("Folio: %(id)s") % {"id": certificate.public_id},
        _("Verifica su autenticidad en:"),
        verify_url,
    ]
    line_y = qr_y + 4 + 12 * (len(lines) - 1)
    for line in lines:
        pdf.drawString(left, line_y, _printable(line))
        line_y -= 12

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
