"""PDF rendering: Cyrillic text, the footer on every page, and a fetcher that reads nothing else."""

from __future__ import annotations

import hashlib
import io
import socket
import threading

import pytest
from pypdf import PdfReader

from documents.rendering import StaticOnlyFetcher, qr_svg, render_pdf
from documents.services import HASH_SENTINEL, document_render, verify_url
from tests.documents.conftest import LETTER, REFERENCE, render_letter

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


class Listener:
    """A TCP server on 127.0.0.1 that counts the connections it receives."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _address = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def settle(self, seconds: float = 0.5) -> int:
        """The number of connections once any in flight had the time to arrive."""
        self._stop.wait(seconds)
        return self.connections

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_cyrillic_text_footer_and_code_are_in_the_pdf():
    rendered = render_letter()
    pages = pdf_text(rendered.pdf)
    text = "\n".join(pages)

    assert "Запрос о правовой помощи" in text
    for word in ("Айгүл", "Өмүрбекова", "Әсел", "Ғалымқызы", "Жаңыл", "Қасымова", "Ұлжан"):
        assert word in text
    assert "Һәкімова" in text and "Іңкәр" in text
    assert "стр. 1 из 1" in pages[0]
    assert f"{REFERENCE} · {rendered.short_hash}" in pages[0]
    assert f"Код документа: {rendered.short_hash}" in text
    assert "Проверка подлинности" in text
    assert f"/documents/verify/{rendered.short_hash}/" in text.replace("\n", "")


def test_footer_is_on_every_page():
    rendered = render_letter(note="Длинный текст заявления. " * 400)
    pages = pdf_text(rendered.pdf)

    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"стр. {number} из {len(pages)}" in text
        assert f"{REFERENCE} · {rendered.short_hash}" in text


def test_content_hash_is_taken_with_a_sentinel_and_is_reproducible():
    first, second = render_letter(note="одно"), render_letter(note="одно")
    other = render_letter(note="другое")

    assert first.content_hash == second.content_hash
    assert other.content_hash != first.content_hash
    assert first.sha256 == hashlib.sha256(first.pdf).hexdigest()
    # The hash is that of the HTML with the sentinel in place of the code, URL and QR code.
    sentinel_short = HASH_SENTINEL[:12]
    canonical = first.html.replace(
        qr_svg(verify_url(first.short_hash)), qr_svg(verify_url(sentinel_short))
    ).replace(first.short_hash, sentinel_short)
    assert hashlib.sha256(canonical.encode()).hexdigest() == first.content_hash


def test_quotes_and_backslashes_cannot_break_out_of_the_footer_css():
    rendered = render_letter(reference='MLA"} body{display:none} @page{x:"\\</style>')
    text = "\n".join(pdf_text(rendered.pdf))

    # The body still renders (no CSS injection), and the footer holds the stripped reference.
    assert "Запрос о правовой помощи" in text
    assert 'content: "MLA} body{display:none} @page{x:/style · ' in rendered.html
    assert "стр. 1 из 1" in text


def test_markup_in_context_values_is_printed_as_text_not_fetched(listener):
    note = f'<img src="file:///etc/passwd"> <img src="http://127.0.0.1:{listener.port}/x">'
    rendered = render_letter(note=note)
    text = "".join(pdf_text(rendered.pdf)).replace("\n", "")

    assert '<img src="file:///etc/passwd">' in text
    assert f'<img src="http://127.0.0.1:{listener.port}/x">' in text
    assert "root:" not in text
    assert listener.settle() == 0


def test_fetcher_refuses_everything_but_static_files(listener):
    port = listener.port
    html = f"""<html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">
      <link rel="stylesheet" href="/static/css/portal.css">
      </head><body><p>Проверка загрузчика</p>
      <img src="file:///etc/passwd">
      <img src="https://example.invalid/a.png">
      <img src="data:image/png;base64,{PNG_1PX}">
      <img src="ftp://127.0.0.1:{port}/b.png">
      <img src="/static/../config/settings.py">
      <img src="../config/settings.py">
      <img src="/static//etc/hostname">
      <img src="/static/%2e%2e/%2e%2e/etc/hostname">
      <img src="file://localhost/etc/hostname">
      </body></html>"""
    fetcher = StaticOnlyFetcher()

    pdf = render_pdf(html, fetcher=fetcher)

    assert "Проверка загрузчика" in pdf_text(pdf)[0]
    refused = " ".join(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert f"http://127.0.0.1:{port}/x.css" in refused
    assert "https://example.invalid/a.png" in refused
    assert any(url.startswith("data:image/png") for url in fetcher.refused)
    assert f"ftp://127.0.0.1:{port}/b.png" in refused
    assert refused.count("config/settings.py") == 2
    assert refused.count("etc/hostname") == 3
    assert fetcher.served == ["file:///static/css/portal.css"]
    assert listener.settle() == 0
    # The listener works: a real client does get through.
    socket.create_connection(("127.0.0.1", port), timeout=1).close()
    assert listener.settle() == 1


def test_static_files_are_served_by_relative_url_file_url_and_static_url(settings):
    real = settings.BASE_DIR / "static" / "css" / "portal.css"
    fetcher = StaticOnlyFetcher()
    for url in ("css/portal.css", real.as_uri(), f"{settings.STATIC_URL}css/portal.css"):
        render_pdf(f'<link rel="stylesheet" href="{url}"><p>x</p>', fetcher=fetcher)

    assert fetcher.refused == []
    assert len(fetcher.served) == 3


def test_a_symlink_out_of_a_static_dir_is_refused(settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "ok.css").write_text("p { color: red }")
    (static / "passwd.css").symlink_to("/etc/passwd")
    settings.STATICFILES_DIRS = [static]
    fetcher = StaticOnlyFetcher()

    render_pdf(
        '<link rel="stylesheet" href="ok.css"><link rel="stylesheet" href="passwd.css">'
        '<link rel="stylesheet" href="/static/passwd.css"><p>x</p>',
        fetcher=fetcher,
    )

    assert fetcher.served == [(static / "ok.css").as_uri()]
    assert len(fetcher.refused) == 2


def test_document_render_fetches_nothing(monkeypatch):
    fetchers = []
    original = StaticOnlyFetcher.__init__

    def spy(self, **kwargs):
        original(self, **kwargs)
        fetchers.append(self)

    monkeypatch.setattr(StaticOnlyFetcher, "__init__", spy)
    document_render(template=LETTER, context={"note": "x"}, reference=REFERENCE)

    assert len(fetchers) == 1
    assert fetchers[0].refused == [] and fetchers[0].served == []
