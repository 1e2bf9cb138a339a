"""Uploaded documents: only the types an office publishes, and served only through
Wagtail's document view (attachment, its own CSP, collection privacy)."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches
from wagtail.models import Collection

from cms.models import PublicDocument

pytestmark = pytest.mark.django_db

ADD = "/admin/documents/add/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(client, name: str, content: bytes):
    return client.post(
        ADD,
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "kind": "other",
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.html", b"<script>alert(document.cookie)</script>"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        ("x.js", b"alert(document.cookie)"),
        ("x.HTML", b"<script>alert(1)</script>"),
    ],
)
def test_editor_cannot_upload_scripts_as_documents(client, editor, name, content):
    client.force_login(editor)
    response = upload(client, name, content)
    assert response.status_code == 200
    assert "jest niedozwolone" in response.content.decode()
    assert not PublicDocument.objects.exists()


def test_editor_uploads_an_office_document(client, editor):
    client.force_login(editor)
    response = upload(client, "uchwala.pdf", PDF)
    assert response.status_code == 302
    document = PublicDocument.objects.get()
    assert document.file_extension == "pdf"
    document.file.delete(save=False)


@pytest.fixture
def pdf_document():
    document = PublicDocument(title="Uchwała")
    document.file.save("uchwala.pdf", ContentFile(PDF), save=False)
    document.save()
    yield document
    document.file.delete(save=False)


def test_document_view_serves_a_pdf_as_an_attachment(client, pdf_document):
    response = client.get(pdf_document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Wagtail's own policy, not the pages' one (the CSP middleware keeps it).
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == PDF


@pytest.fixture
def debug_urls(settings):
    """cms.urls as `make run` (DEBUG) builds it."""
    import cms.urls

    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(cms.urls)
    yield
    settings.DEBUG = False
    importlib.reload(cms.urls)
    clear_url_caches()


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/{name}",
        "/media/images/../documents/{name}",
        "/media//documents/{name}",
        "/media/Documents/{name}",
    ],
)
def test_documents_are_not_served_as_raw_media_files(
    client, pdf_document, debug_urls, path
):
    name = pdf_document.file.name.removeprefix("documents/")
    response = client.get(path.format(name=name))
    assert response.status_code == 404


def test_other_media_is_served_in_debug_with_nosniff(client, debug_urls, settings):
    from django.core.files.storage import default_storage

    name = default_storage.save("images/kropka.png", ContentFile(b"\x89PNG\r\n"))
    try:
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
    finally:
        default_storage.delete(name)


def test_documents_are_not_served_as_raw_media_files_in_the_test_setup(
    client, pdf_document
):
    assert client.get(f"/media/{pdf_document.file.name}").status_code == 404
