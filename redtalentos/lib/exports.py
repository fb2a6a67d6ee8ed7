"""Streamed spreadsheet exports: CSV and XLSX produced row by row, so memory stays flat whatever
the number of rows.

The XLSX writer is the smallest valid workbook (one sheet of inline strings) written through
zipfile to a sink that hands each compressed piece to the response as soon as it exists.
"""

import csv
import io
import re
import zipfile
from xml.sax.saxutils import escape

# A cell starting with one of these is a formula to a spreadsheet program (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 does not allow.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _csv_safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def stream_csv(header, rows, *, batch=500):
    """CSV text (UTF-8 with BOM, so that spreadsheet programs read the accents), in pieces of
    `batch` lines."""
    writer = csv.writer(_Echo())
    pending = ["\ufeff" + writer.writerow(header)]
    for row in rows:
        pending.append(writer.writerow([_csv_safe(value) for value in row]))
        if len(pending) >= batch:
            yield "".join(pending)
            pending.clear()
    yield "".join(pending)


class _Sink(io.RawIOBase):
    """A write-only, unseekable file that keeps what was written until taken."""

    def __init__(self):
        self._chunks = []

    def writable(self):
        return True

    def write(self, data):
        self._chunks.append(bytes(data))
        return len(data)

    def take(self):
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def _column(index):
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _row_xml(number, values):
    cells = []
    for index, value in enumerate(values):
        text = _XML_ILLEGAL.sub("", "" if value is None else str(value))
        cells.append(
            f'<c r="{_column(index)}{number}" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(text)}</t></is></c>"
        )
    return f'<row r="{number}">{"".join(cells)}</row>'


def stream_xlsx(header, rows, *, sheet_name="Hoja1", batch=500):
    """The bytes of an .xlsx workbook with one sheet: `header`, then `rows` (all as text)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet_name[:31])))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        yield sink.take()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((_SHEET_START + _row_xml(1, header)).encode())
            pending = []
            for number, row in enumerate(rows, start=2):
                pending.append(_row_xml(number, row))
                if len(pending) == batch:
                    sheet.write("".join(pending).encode())
                    pending.clear()
                    yield sink.take()
            sheet.write(("".join(pending) + _SHEET_END).encode())
    yield sink.take()
