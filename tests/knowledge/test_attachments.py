"""Attachments done safely: PDF and Office files only, decided by content; a size limit;
zip bombs and path names refused with a message naming the file and nothing stored;
served only as a download to whoever may read the entry."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kunskapsnod.knowledge import services
from kunskapsnod.knowledge.files import AttachmentError
from kunskapsnod.knowledge.models import Attachment
from kunskapsnod.regions.permissions import PermissionDenied

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 120 + b"This program cannot be run in DOS mode"
OFFICE = "application/vnd.openxmlformats-officedocument"
OOXML = {
    "docx": ("word/document.xml", f"{OFFICE}.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", f"{OFFICE}.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", f"{OFFICE}.presentationml.presentation.main+xml"),
}


def ooxml(kind: str, *, extra: dict | None = None, main_type: str | None = None) -> bytes:
    part, content_type = OOXML[kind]
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{part}" ContentType="{main_type or content_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(part, "<document>Innehåll</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odf(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A well-formed .docx whose one extra part unpacks from a few kB to 20 MB."""
    return ooxml("docx", extra={"word/media/padding.bin": b"\0" * (20 * 1024 * 1024)})


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in Path(media_root).rglob("*") if p.is_file()] if Path(media_root).exists() else []


@pytest.fixture
def draft(make_entry, boras_editor):
    return make_entry("boras", actor=boras_editor)


def _add(actor, entry, data: bytes, name: str):
    return services.add_attachment(actor=actor, entry=entry, file=ContentFile(data, name=name))


# --- what is accepted -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "Årsrapport 2025.pdf", "pdf"),
        (ooxml("docx"), "plan.docx", "docx"),
        (ooxml("xlsx"), "budget.xlsx", "xlsx"),
        (ooxml("pptx"), "bilder.pptx", "pptx"),
        (odf(), "text.odt", "odt"),
        (odf("application/vnd.oasis.opendocument.spreadsheet"), "kalkyl.ods", "ods"),
    ],
)
def test_pdf_and_office_files_are_stored_under_a_generated_name(draft, boras_editor, media_root, data, name, kind):
    attachment = _add(boras_editor, draft, data, name)
    assert (attachment.kind, attachment.name, attachment.size) == (kind, name, len(data))
    on_disk = stored_files(media_root)
    assert len(on_disk) == 1 and on_disk[0].read_bytes() == data
    assert on_disk[0].suffix == f".{kind}" and name not in str(on_disk[0])
    assert on_disk[0].is_relative_to(Path(media_root) / "knowledge" / str(draft.pk))


def test_the_content_decides_the_type_not_the_name(draft, boras_editor):
    attachment = _add(boras_editor, draft, PDF, "rapport.docx")
    assert (attachment.kind, attachment.content_type, attachment.name) == ("pdf", "application/pdf", "rapport.docx.pdf")


def test_the_display_name_is_cleaned(draft, boras_editor):
    attachment = _add(boras_editor, draft, PDF, 'Rapport\u200b "slut" <v2>|?.pdf')
    assert attachment.name == "Rapport\u200b _slut_ _v2___.pdf"


# --- what is refused, with nothing stored -------------------------------------------------------


REFUSED = {
    "elf-named-pdf": (ELF, "rapport.pdf", "program"),
    "exe-named-pdf": (MZ, "rapport.pdf", "program"),
    "exe-named-docx": (MZ, "plan.docx", "program"),
    "html-named-pdf": (b"<html><script>alert(1)</script></html>", "sida.pdf", "Bilagor får bara vara"),
    "zip-bomb-as-docx": (zip_bomb(), "plan.docx", "zip-bomb"),
    "plain-zip-as-docx": (b"", "arkiv.docx", "inget Office-dokument"),  # filled below
    "macro-document": (b"", "makro.docx", "makron"),  # filled below
    "broken-zip": (b"PK\x03\x04" + b"\x00" * 40, "trasig.xlsx", "skadad"),
    "empty": (b"", "tom.pdf", "tom"),
    "odf-of-another-kind": (odf("application/vnd.oasis.opendocument.graphics"), "bild.odg", "OpenDocument"),
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    return buffer.getvalue()


REFUSED["plain-zip-as-docx"] = (_plain_zip(), "arkiv.docx", "inget Office-dokument")
REFUSED["macro-document"] = (
    ooxml("docx", main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
    "makro.docx",
    "makron",
)


@pytest.mark.parametrize("case", REFUSED)
def test_a_bad_file_is_refused_by_the_service_and_nothing_is_stored(draft, boras_editor, media_root, case):
    data, name, reason = REFUSED[case]
    with pytest.raises(AttachmentError) as refused:
        _add(boras_editor, draft, data, name)
    assert name in str(refused.value) and reason in str(refused.value)
    assert stored_files(media_root) == []
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(draft, boras_editor, media_root, settings):
    settings.KUNSKAPSNOD_ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(AttachmentError, match=r"stor\.pdf.*högst 1000"):
        _add(boras_editor, draft, PDF + b"%" * 1000, "stor.pdf")
    assert stored_files(media_root) == [] and not Attachment.objects.exists()


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/passwd.pdf"])
def test_a_path_as_a_file_name_is_refused(draft, boras_editor, media_root, name):
    with pytest.raises(AttachmentError, match="otillåtet namn"):
        services.add_attachment(actor=boras_editor, entry=draft, file=ContentFile(PDF), name=name)
    assert stored_files(media_root) == [] and not Attachment.objects.exists()


# --- through the page ----------------------------------------------------------------------


def _upload(client, entry, data: bytes, name: str):
    """A multipart body written by hand, so that the file name arrives as given (Django's
    test client would cut it to its last part)."""
    boundary = "GRANSEN"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(
        "POST",
        reverse("knowledge:attachment_add", args=[entry.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (ELF, "rapport.pdf", "”rapport.pdf” är ett program"),
        (zip_bomb(), "plan.docx", "”plan.docx” packas upp"),
        (PDF, "../../etc/passwd.pdf", "otillåtet namn ('../../etc/passwd.pdf')"),
        (PDF * 500, "stor.pdf", "”stor.pdf” är 37,6\xa0kB; en bilaga får vara högst 29,3\xa0kB"),
    ],
)
def test_the_page_refuses_with_a_swedish_message_naming_the_file(
    client, draft, boras_editor, media_root, settings, data, name, message
):
    settings.KUNSKAPSNOD_ATTACHMENT_MAX_BYTES = 30_000
    client.force_login(boras_editor)
    response = _upload(client, draft, data, name)
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode(), re.findall(
        r"<ul class=\"errorlist[^\n]*", response.content.decode()
    )
    assert stored_files(media_root) == [] and not Attachment.objects.exists()


def test_the_page_stores_a_good_file(client, draft, boras_editor, media_root):
    client.force_login(boras_editor)
    response = _upload(client, draft, ooxml("docx"), "Handlingsplan.docx")
    assert response.status_code == 302
    assert Attachment.objects.get().name == "Handlingsplan.docx"
    assert len(stored_files(media_root)) == 1


@pytest.mark.parametrize(("persona", "expected"), [("mark_editor", 404), ("boras_reader", 404), ("gr_staff", 404)])
def test_no_one_outside_boras_attaches_a_file(client, draft, personas, media_root, persona, expected):
    client.force_login(personas[persona])
    assert _upload(client, draft, PDF, "a.pdf").status_code == expected
    assert stored_files(media_root) == [] and not Attachment.objects.exists()


def test_an_editor_cannot_attach_to_a_published_entry(make_entry, boras_editor, sjuharad_staff):
    published = make_entry("boras", status="publicerad")
    with pytest.raises(PermissionDenied):
        _add(boras_editor, published, PDF, "a.pdf")
    assert _add(sjuharad_staff, published, PDF, "a.pdf").entry == published


# --- serving -------------------------------------------------------------------------------


def test_a_download_is_an_attachment_with_its_real_type_and_name(client, make_entry, administrator):
    entry = make_entry("boras", status="publicerad")
    attachment = _add(administrator, entry, PDF, "Årsrapport 2025.pdf")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Arsrapport 2025.pdf\"; filename*=UTF-8''%C3%85rsrapport%202025.pdf"
    )
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("persona", [None, "boras_reader", "mark_editor"])
def test_a_drafts_attachment_is_404_to_whoever_may_not_read_it(client, draft, boras_editor, personas, persona):
    attachment = _add(boras_editor, draft, PDF, "utkast.pdf")
    if persona:
        client.force_login(personas[persona])
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(boras_editor)
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_removing_an_attachment_removes_its_file(
    client, draft, boras_editor, mark_editor, media_root, django_capture_on_commit_callbacks
):
    attachment = _add(boras_editor, draft, PDF, "bort.pdf")
    url = reverse("knowledge:attachment_delete", args=[attachment.pk])
    client.force_login(mark_editor)
    assert client.post(url).status_code == 404
    client.force_login(boras_editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_the_upload_form_is_only_for_those_who_may_edit(client, draft, boras_editor, boras_reader, sjuharad_staff):
    url = draft.get_absolute_url()
    client.force_login(boras_editor)
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()
    client.force_login(sjuharad_staff)
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()
