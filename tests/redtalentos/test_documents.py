"""Checked PDF documents: only plain PDFs get in, they are stored privately under random names,
served with headers that keep the browser safe, and a full disk leaves nothing behind."""

import base64
import errno
import io
import random
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test.utils import isolate_apps
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from redtalentos.lib import documents, pdf_filters
from redtalentos.lib.documents import (
    DocumentNotStored,
    PDFField,
    PrivateStorage,
    check_pdf,
    private_storage,
    stored_documents,
    upload_to,
)
from tests.full_disk import FullDiskStorage
from tests.redtalentos import document_urls
from tests.redtalentos.test_settings import load_settings

MB = 1024 * 1024
LIMIT = 20 * MB

NOT_A_PDF = "El archivo no es un PDF."
DAMAGED = "El PDF está dañado o incompleto"
EMPTY = "El archivo está vacío."
ENCRYPTED = "El PDF está cifrado o protegido con contraseña."
JAVASCRIPT = "El PDF contiene JavaScript"
EMBEDDED = "El PDF lleva archivos adjuntos o incrustados"
LAUNCH = "El PDF contiene una acción que abre otros programas"
BOMB = "El PDF contiene datos comprimidos que al abrirse ocupan más de"
TOO_COMPLEX = "El PDF es demasiado complejo para revisarlo"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


# Building PDFs


def reportlab_pdf(pages=2):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=letter)
    for number in range(1, pages + 1):
        sheet.drawString(72, 720, f"Jornadas Informativas: página {number}")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_writer(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    return writer


def raw_pdf(*objects, trailer=b"/Root 1 0 R"):
    """A PDF written byte by byte from its objects (numbered from 1) with a correct xref, to say
    what pypdf's writer will not: escaped names, actions anywhere, broken structures."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def page(extra=b""):
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s >>" % extra


def stream(data, extra=b""):
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def inflating_to(megabytes):
    """Flate data that inflates to `megabytes` MB of zeros, about 1 KB a MB on disk: the same
    deflate block (a MB of zeros, ended by a full flush) repeated, then the checksum."""
    zeros = bytes(MB)
    compressor = zlib.compressobj(9)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(zeros, checksum)
    return first[:2] + first[2:] * megabytes + b"\x03\x00" + checksum.to_bytes(4, "big")


def upload(data, name="documento.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def refusal(data, **options):
    with pytest.raises(ValidationError) as caught:
        check_pdf(upload(data), max_bytes=options.pop("max_bytes", LIMIT), **options)
    return caught.value.messages[0]


# What passes


def test_a_clean_pdf_passes_with_its_page_count():
    assert check_pdf(upload(reportlab_pdf(pages=3)), max_bytes=LIMIT).pages == 3


def test_a_pdf_with_a_link_to_a_web_page_passes():
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://sre.gob.mx) >> >>"  # noqa: E501
    pdf = raw_pdf(CATALOG, PAGES, page(b"/Annots [4 0 R]"), link)
    assert check_pdf(upload(pdf), max_bytes=LIMIT).pages == 1


def test_a_pdf_with_ordinary_compressed_content_passes():
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Hola) Tj ET\n" * 2000)
    pdf = raw_pdf(CATALOG, PAGES, page(b"/Contents 4 0 R"), stream(content, b"/Filter /Fl"))
    assert check_pdf(upload(pdf), max_bytes=LIMIT).pages == 1


# What is refused, each with its own message


def test_javascript_in_the_document_names_is_refused():
    writer = blank_writer()
    writer.add_open_action(JavaScript("app.alert('hola');"))
    assert refusal(written(writer)).startswith(JAVASCRIPT)


def test_javascript_as_the_open_action_is_refused():
    writer = blank_writer()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hola');"),
        }
    )
    assert refusal(written(writer)).startswith(JAVASCRIPT)


def test_javascript_when_a_page_opens_is_refused():
    writer = blank_writer()
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("app.alert('hola');"))
    assert refusal(written(writer)).startswith(JAVASCRIPT)


def test_javascript_in_an_annotation_with_escaped_names_is_refused():
    # /J#61vaScript is /JavaScript and /J#53 is /JS once the names are read.
    action = b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A 5 0 R >>"
    pdf = raw_pdf(CATALOG, PAGES, page(b"/Annots [4 0 R]"), link, action)
    assert refusal(pdf).startswith(JAVASCRIPT)


def test_javascript_in_an_additional_action_of_the_catalog_is_refused():
    catalog = b"<< /Type /Catalog /Pages 2 0 R /AA << /WC 4 0 R >> >>"
    script = stream(b"app.alert(1)")
    pdf = raw_pdf(catalog, PAGES, page(), b"<< /S /JavaScript /JS 5 0 R >>", script)
    assert refusal(pdf).startswith(JAVASCRIPT)


def test_an_attached_file_is_refused():
    writer = blank_writer()
    writer.add_attachment("notas.txt", b"hola")
    assert refusal(written(writer)).startswith(EMBEDDED)


def test_a_file_attachment_annotation_is_refused():
    annotation = (
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] "
        b"/FS << /Type /Filespec /F (x.exe) >> >>"
    )
    pdf = raw_pdf(CATALOG, PAGES, page(b"/Annots [4 0 R]"), annotation)
    assert refusal(pdf).startswith(EMBEDDED)


def test_an_encrypted_pdf_is_refused_even_without_a_password_to_open_it():
    writer = blank_writer()
    writer.encrypt(user_password="", owner_password="dueño", algorithm="RC4-128")
    assert refusal(written(writer)).startswith(ENCRYPTED)


def test_a_launch_action_is_refused():
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (calc.exe) >> >>"
    assert refusal(raw_pdf(catalog, PAGES, page())).startswith(LAUNCH)


def test_a_link_that_launches_a_program_is_refused():
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Launch /F (cmd.exe) >> >>"
    pdf = raw_pdf(CATALOG, PAGES, page(b"/Annots [4 0 R]"), link)
    assert refusal(pdf).startswith(LAUNCH)


def test_a_jpeg_named_pdf_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    assert refusal(buffer.getvalue()).startswith(NOT_A_PDF)


def test_a_web_page_named_pdf_is_refused_even_with_a_pdf_header_inside():
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.7</body></html>"
    assert refusal(html).startswith(NOT_A_PDF)


def test_a_truncated_pdf_is_refused():
    pdf = reportlab_pdf(pages=3)
    assert refusal(pdf[: len(pdf) // 2]).startswith(DAMAGED)


def test_a_truncated_pdf_with_an_end_marker_added_is_refused():
    pdf = reportlab_pdf(pages=3)
    assert refusal(pdf[: len(pdf) // 2] + b"\n%%EOF\n").startswith(DAMAGED)


def test_garbage_behind_a_pdf_header_is_refused():
    assert refusal(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n").startswith(DAMAGED)


def test_an_empty_file_is_refused():
    assert refusal(b"") == EMPTY


def test_a_file_past_the_limit_is_refused_with_the_limit_in_mb():
    pdf = reportlab_pdf() + b"%" + b"0" * (2 * MB)  # a comment after the end: still a PDF
    message = refusal(pdf, max_bytes=2 * MB)
    assert message.startswith("El archivo pesa ")
    assert "el máximo es de 2 MB" in message


def test_too_many_pages_are_refused_with_both_counts():
    message = refusal(written(blank_writer(pages=6)), max_pages=5)
    assert message == "El PDF tiene 6 páginas y el máximo es de 5."


def test_a_page_count_that_lies_is_checked_on_the_pages_themselves():
    kids = b" ".join(b"%d 0 R" % n for n in range(3, 9))
    pages = b"<< /Type /Pages /Kids [%s] /Count 1 >>" % kids
    pdf = raw_pdf(CATALOG, pages, *[page()] * 6)
    assert refusal(pdf, max_pages=5) == "El PDF tiene 6 páginas y el máximo es de 5."


def test_a_content_stream_that_inflates_to_300_mb_is_refused_as_a_bomb():
    bomb = inflating_to(300)
    assert len(bomb) < 400 * 1024  # small on disk
    pdf = raw_pdf(CATALOG, PAGES, page(b"/Contents 4 0 R"), stream(bomb, b"/Filter /FlateDecode"))
    assert refusal(pdf).startswith(BOMB)


def test_a_bomb_behind_a_hex_filter_is_refused():
    bomb = inflating_to(150).hex().encode() + b">"
    pdf = raw_pdf(
        CATALOG,
        PAGES,
        page(b"/Contents 4 0 R"),
        stream(bomb, b"/Filter [/ASCIIHexDecode /FlateDecode]"),
    )
    assert refusal(pdf).startswith(BOMB)


def test_a_bomb_behind_an_ascii85_filter_is_refused():
    bomb = base64.a85encode(inflating_to(150), wrapcol=64, adobe=True)
    pdf = raw_pdf(
        CATALOG,
        PAGES,
        page(b"/Contents 4 0 R"),
        stream(bomb, b"/Filter [/A85 /Fl]"),
    )
    assert refusal(pdf).startswith(BOMB)


@pytest.mark.parametrize("piece", [1, 7, 64, 1000])
def test_ascii85_and_hex_are_decoded_piece_by_piece_as_python_does(piece):
    generator = random.Random(piece)
    for size in (0, 1, 2, 3, 4, 5, 9, 400):
        raw = bytes(generator.choice([0, 0, 0, 255, generator.randrange(256)]) for _ in range(size))
        for encoded, decode in (
            (base64.a85encode(raw, wrapcol=5, adobe=True), pdf_filters.a85_pieces),
            (base64.a85encode(raw, adobe=False), pdf_filters.a85_pieces),
            (raw.hex(" ", 3).encode() + b">", pdf_filters.hex_pieces),
        ):
            pieces = (encoded[i : i + piece] for i in range(0, len(encoded), piece))
            assert b"".join(decode(pieces)) == raw


def test_a_cross_reference_stream_that_inflates_past_the_bound_is_refused():
    # pypdf decodes cross-reference and object streams itself: they are held to a lower bound.
    objects = [CATALOG, PAGES, page()]
    out = bytearray(b"%PDF-1.7\n")
    for number, body in enumerate(objects, 1):
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    data = inflating_to(64)
    out += b"4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
    out += b"/Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(data), data)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    assert refusal(bytes(out)) == (
        "El PDF contiene datos comprimidos que al abrirse ocupan más de 16 MB, lo que no "
        "aceptamos por seguridad. Vuelve a generarlo e inténtalo de nuevo."
    )


def test_deeply_nested_arrays_are_refused_without_blowing_the_stack():
    nested = b"[" * 50_000 + b"]" * 50_000
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Deep %s >>" % nested
    assert refusal(raw_pdf(catalog, PAGES, page())).startswith(TOO_COMPLEX)


def test_a_page_tree_that_loops_is_refused():
    pages = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>"
    message = refusal(raw_pdf(CATALOG, pages, page()))
    assert message.startswith((DAMAGED, TOO_COMPLEX))


def test_objects_that_refer_to_each_other_are_walked_once():
    # /Parent and /P links make cycles in every PDF: they must not loop.
    annotation = b"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /P 3 0 R /Popup 5 0 R >>"
    popup = b"<< /Type /Annot /Subtype /Popup /Rect [0 0 10 10] /Parent 4 0 R >>"
    pdf = raw_pdf(CATALOG, PAGES, page(b"/Annots [4 0 R 5 0 R]"), annotation, popup)
    assert check_pdf(upload(pdf), max_bytes=LIMIT).pages == 1


def test_a_document_with_too_many_objects_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_OBJECTS", 30)
    notes = [b"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] >>"] * 40
    annots = b"/Annots [%s]" % b" ".join(b"%d 0 R" % n for n in range(4, 44))
    assert refusal(raw_pdf(CATALOG, PAGES, page(annots), *notes)).startswith(TOO_COMPLEX)


def test_a_check_that_runs_out_of_time_refuses_the_file(monkeypatch):
    # The check stops at its deadline whatever it is doing: walking objects or inflating.
    monkeypatch.setattr(documents, "MAX_SECONDS", -1)
    assert refusal(reportlab_pdf()).startswith(TOO_COMPLEX)


def test_the_structure_tree_of_a_tagged_pdf_is_not_walked(monkeypatch):
    monkeypatch.setattr(documents, "MAX_OBJECTS", 30)
    catalog = b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 4 0 R >>"
    kids = b" ".join(b"%d 0 R" % n for n in range(5, 45))
    tree = b"<< /Type /StructTreeRoot /K [%s] >>" % kids
    elements = [b"<< /Type /StructElem /S /P /P 4 0 R /Pg 3 0 R /K 0 >>"] * 40
    pdf = raw_pdf(catalog, PAGES, page(), tree, *elements)
    assert check_pdf(upload(pdf), max_bytes=LIMIT).pages == 1


# The form field


class MaterialForm(forms.Form):
    material = PDFField(max_bytes=2 * MB, max_pages=10, label="Material")


def test_the_field_asks_the_browser_for_pdfs_and_says_the_limit():
    html = str(MaterialForm()["material"])
    assert 'accept="application/pdf"' in html
    assert MaterialForm().fields["material"].help_text == "Un PDF de hasta 2 MB."


def test_the_field_accepts_a_clean_pdf_and_keeps_its_page_count():
    form = MaterialForm(files={"material": upload(reportlab_pdf(pages=4))})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["material"].pdf.pages == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body>hola</body></html>", NOT_A_PDF),
        (reportlab_pdf()[:300], DAMAGED),
        (written(blank_writer(pages=11)), "El PDF tiene 11 páginas y el máximo es de 10."),
    ],
)
def test_the_field_refuses_with_the_check_message(data, message):
    form = MaterialForm(files={"material": upload(data)})
    assert not form.is_valid()
    assert form.errors["material"][0].startswith(message)


def test_the_field_refuses_a_file_past_its_own_limit():
    form = MaterialForm(files={"material": upload(reportlab_pdf() + b"%" + b"0" * (2 * MB))})
    assert not form.is_valid()
    assert "el máximo es de 2 MB" in form.errors["material"][0]


# Private storage


@pytest.fixture
def holder_model():
    """A model with a document field, registered in an isolated app registry (no table)."""
    with isolate_apps("redtalentos"):

        class Holder(models.Model):
            document = models.FileField(upload_to=upload_to("pruebas"), storage=private_storage)

            class Meta:
                app_label = "redtalentos"

            def __str__(self):
                return self.document.name

        yield Holder


def stored(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_documents_are_stored_under_the_private_root_with_random_names(holder_model, private_root):
    first, second = holder_model(), holder_model()
    with stored_documents(first, {"document": upload(reportlab_pdf(), "mi cv.pdf")}):
        pass
    with stored_documents(second, {"document": upload(reportlab_pdf(), "mi cv.pdf")}):
        pass
    paths = stored(private_root)
    assert len(paths) == 2
    holders = sorted([first, second], key=lambda holder: holder.document.name)
    for path, holder in zip(sorted(paths), holders, strict=True):
        assert path == private_root / holder.document.name
        assert path.parent.parent.name == "pruebas"
        assert "cv" not in path.name
        assert len(path.stem) == 32  # a random UUID, in hex
    assert first.document.name != second.document.name
    assert not (private_root.parent / "media").exists()


def test_private_documents_have_no_url(holder_model):
    holder = holder_model()
    with stored_documents(holder, {"document": upload(reportlab_pdf())}):
        pass
    with pytest.raises(ValueError, match="no URL"):
        holder.document.url  # noqa: B018


def test_upload_to_is_kept_by_migrations_as_a_plain_reference():
    path, args, kwargs = upload_to("internships/cvs").deconstruct()
    assert (path, args, kwargs) == ("redtalentos.lib.documents.UploadTo", ("internships/cvs",), {})
    assert upload_to("a") == upload_to("a/")


def test_the_private_root_may_not_lie_inside_the_public_media(tmp_path):
    code, output = load_settings(
        {
            "DJANGO_ENV": "test",
            "MEDIA_ROOT": str(tmp_path),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "x"),
        }
    )
    assert code != 0
    assert "PRIVATE_MEDIA_ROOT must not be inside a served folder" in output


# A full disk


class FullPrivateStorage(FullDiskStorage, PrivateStorage):
    """The private storage on a disk that fills part-way through a file."""


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_leaves_no_file_and_gives_a_form_error(holder_model, private_root, error):
    holder_model._meta.get_field("document").storage = FullPrivateStorage(
        bytes_that_fit=1000, error=error
    )
    holder = holder_model()
    form = MaterialForm(files={"material": upload(reportlab_pdf(pages=3))})
    assert form.is_valid()

    new_files = {"document": form.cleaned_data["material"]}
    with pytest.raises(DocumentNotStored) as caught, stored_documents(holder, new_files):
        pytest.fail("the block runs only when the file was written")
    form.add_error("material", caught.value.message)

    assert stored(private_root) == []
    assert not holder.document
    assert form.errors["material"] == [
        "No pudimos guardar el documento porque el servidor no tiene espacio. Tus otros datos no "
        "cambiaron; inténtalo más tarde."
    ]


def test_a_failed_database_change_takes_the_new_document_back(holder_model, private_root):
    holder = holder_model()
    new_files = {"document": upload(reportlab_pdf())}
    with pytest.raises(RuntimeError), stored_documents(holder, new_files):
        assert len(stored(private_root)) == 1
        raise RuntimeError("the database refused the change")
    assert stored(private_root) == []
    assert not holder.document


# Serving


@pytest.fixture
def served_document(private_root):
    document_urls.access_log.clear()
    name = "0123456789abcdef0123456789abcdef"
    path = private_root / "pruebas" / name[:2] / f"{name}.pdf"
    path.parent.mkdir(parents=True)
    content = reportlab_pdf()
    path.write_bytes(content)
    return f"{name}.pdf", content


@pytest.mark.urls("tests.redtalentos.document_urls")
def test_a_document_is_streamed_with_safe_headers_and_logged_once(client, db, served_document):
    name, content = served_document
    response = client.get(f"/prueba/documento/{name}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    # No path, no quotes: the sender's name is only a hint to the browser.
    assert "/" not in disposition.split("filename*=")[0]
    assert "Curr" in disposition and ".pdf" in disposition
    assert '\\"' not in disposition and ".." not in disposition
    assert document_urls.access_log == [name]


@pytest.mark.urls("tests.redtalentos.document_urls")
def test_a_document_can_be_shown_in_the_browser(client, db, served_document):
    name, _ = served_document
    response = client.get(f"/prueba/documento/{name}/?ver=1")
    assert response["Content-Disposition"].startswith("inline; ")
    assert response["Content-Security-Policy"] == "sandbox"
    assert document_urls.access_log == [name]


@pytest.mark.urls("tests.redtalentos.document_urls")
def test_a_missing_document_answers_404_with_the_site_page(client, db, private_root):
    document_urls.access_log.clear()
    response = client.get("/prueba/documento/ffffffffffffffffffffffffffffffff.pdf/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()
    assert document_urls.access_log == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('Currículum de "Ana" ../../etc.pdf', "Currículum de Ana etc.pdf"),
        ("..", "documento.pdf"),
        ("a\r\nSet-Cookie: x=1", "a Set-Cookie x 1.pdf"),
        ("informe.PDF", "informe.pdf"),
    ],
)
def test_download_names_are_made_safe(name, expected):
    assert documents.safe_download_name(name) == expected
