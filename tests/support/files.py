"""Real files of the types the portal accepts or refuses, made in memory for upload tests.

Each is a valid file of its format as the programs that write it lay it out (images by Pillow,
a PDF by pypdf, office documents with their parts, a compound file with its FAT and directory),
or the header of a recording as a device writes it: what libmagic reads is the real thing.
"""

from __future__ import annotations

import io
import struct
import wave
import zipfile

from PIL import Image
from pypdf import PdfWriter

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
)


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def _zip(parts: list[tuple[str, str]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            # OpenDocument: "mimetype" first and stored, as the specification asks.
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), text, compress_type=method)
    return out.getvalue()


def docx() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", "<w:document/>"),
        ]
    )


def xlsx(*, library_order: bool = False) -> bytes:
    """As an office suite writes it, or (library_order) with its parts in another order, as
    spreadsheet libraries do — libmagic then sees only a ZIP archive."""
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _RELS),
        ("xl/workbook.xml", "<workbook/>"),
    ]
    if library_order:
        parts = [("docProps/app.xml", "<Properties/>"), *parts[1:], parts[0]]
    return _zip(parts)


def odt() -> bytes:
    return _zip([("mimetype", ODT), ("content.xml", "<office:document-content/>")])


def broken_odt() -> bytes:
    """An OpenDocument file whose "mimetype" part was deflated, then damaged in transit."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT * 3)
        archive.writestr("content.xml", "<office:document-content/>")
    data = bytearray(out.getvalue())
    start = 30 + len("mimetype")  # the member's data follows its local header and name
    data[start : start + 10] = bytes(b ^ 0xFF for b in data[start : start + 10])
    return bytes(data)


def plain_zip() -> bytes:
    return _zip([("readme.txt", "not an office document"), ("run.html", "<script>1</script>")])


def compound_file(stream: str) -> bytes:
    """A compound (OLE2) file with one stream: "WordDocument" is a .doc, "Workbook" an .xls.

    Version 3: 512-byte sectors; sector 0 is the FAT, sector 1 the directory, the stream
    (4096 bytes, so in regular sectors, not the mini stream) follows.
    """
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    size = 4096
    sectors = size // 512
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    # directory sectors (0 in v3), FAT sectors, first directory sector, transaction number,
    # mini stream cutoff, first mini FAT sector, mini FAT sectors, first DIFAT sector, DIFAT
    # sectors; then the first of the 109 DIFAT entries (the FAT is sector 0).
    header += struct.pack("<9I", 0, 1, 1, 0, 0x1000, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sector, end] + [3 + i for i in range(sectors - 1)] + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, *, child=none, start=end, length=0) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", none, none, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, length)
        )

    directory = entry("Root Entry", 5, child=1) + entry(stream, 2, start=2, length=size)
    directory += entry("", 0) * 2
    return header + struct.pack("<128I", *fat) + directory + bytes(size)


def wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(bytes(1600))
    return out.getvalue()


def mp3() -> bytes:
    """An ID3v2 tag and MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each)."""
    frame = b"\xff\xfb\x90\x64" + bytes(413)
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + frame * 4


def mp4() -> bytes:
    """The ftyp box of an MP4 video as phones write it, then a free box."""
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free"


def ogg() -> bytes:
    """The first page of an Ogg Vorbis stream (its identification header)."""
    page = b"OggS\x00\x02" + bytes(20) + b"\x01\x1e"
    return page + b"\x01vorbis" + bytes(23)
