"""Uploaded documents and photos: what they must be, and who may download a document.

Committee members upload into the Wagtail library before a moderator has seen anything. So:

- A document is served (`/documenten/<id>/<name>`, `before_serve_document` in `portal.wagtail_hooks`) to whoever
  may change or choose it in the admin (its committee, moderators), and to everyone else only once a live page
  they may see uses it (Wagtail's reference index: a news page's document, a link in a text). Until then the
  address answers 404, like a page that does not exist.
- A document is what its name says: a `.pdf` that is really a web page or a program is refused on upload
  (`document_content_error`, used by `portal.upload_forms.DocumentForm` in the admin and the chooser).
- Photos are stored under a random name (`portal.storage`), so a photo for a page not yet published cannot be
  found by guessing its name; their originals are never served, only renditions. Wagtail checks the format;
  the size and pixel limits are WAGTAILIMAGES_MAX_UPLOAD_SIZE and WAGTAILIMAGES_MAX_IMAGE_PIXELS, with the
  messages of `portal.upload_forms.ImageForm`.
"""

from __future__ import annotations

import zipfile

import filetype
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

# What a file with this extension must contain: the kind `filetype` finds in its first bytes, and for office
# files (zip archives) the part that makes them a text or a spreadsheet.
_OFFICE_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
}
_OPENDOCUMENT_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_SNIFFED_KIND = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png"}
# Macros in an office file that calls itself .docx or .xlsx (a renamed .docm or .xlsm).
_MACRO_PARTS = ("vbaProject.bin",)

CONTENT_DOES_NOT_MATCH = _(
    "Dit bestand is geen echt .%(extension)s-bestand, al heeft het die naam. Open het en sla het opnieuw op "
    "als %(extension)s (bijvoorbeeld met ‘Opslaan als’), en probeer het daarna nog eens."
)


def document_content_error(file, *, extension: str):
    """None when the file's content is what its extension says, else the Dutch message for the uploader."""
    extension = extension.lower().lstrip(".")
    if _content_matches(file, extension):
        return None
    return CONTENT_DOES_NOT_MATCH % {"extension": extension}


def _content_matches(file, extension: str) -> bool:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8192)
        file.seek(0)
        if extension in _SNIFFED_KIND:
            kind = filetype.guess(head)
            return kind is not None and kind.extension == _SNIFFED_KIND[extension]
        if extension in _OFFICE_PARTS or extension in _OPENDOCUMENT_TYPES:
            return head.startswith(b"PK\x03\x04") and _archive_matches(file, extension)
        return False  # an extension allowed in WAGTAILDOCS_EXTENSIONS without a check here: refused
    finally:
        file.seek(position)


def _archive_matches(file, extension: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if any(name.rsplit("/", 1)[-1] in _MACRO_PARTS for name in names):
                return False
            if extension in _OFFICE_PARTS:
                return _OFFICE_PARTS[extension] in names and "[Content_Types].xml" in names
            return "mimetype" in names and archive.read("mimetype").strip() == _OPENDOCUMENT_TYPES[extension].encode()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False


# --------------------------------------------------------------------------
# Who may download a document
# --------------------------------------------------------------------------


def document_may_serve(*, document, request) -> bool:
    """May this request download the document? Its editors always; others once a live page they may see uses it."""
    user = request.user
    policy = policy_registry.get_by_type(get_document_model())
    if user.is_authenticated and policy.user_has_any_permission_for_instance(user, ["change", "choose"], document):
        return True
    return any(
        all(restriction.accept_request(request) for restriction in page.get_view_restrictions())
        for page in pages_using(document)
    )


def pages_using(document):
    """The live pages whose published content uses the document (a field or a link in a text)."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(pk__in=[int(pk) for pk in ids if pk.isdigit()])


def photo_without_metadata(photo):
    """A resident's photo as it looks, without what the camera wrote into it (EXIF: where it was taken, when, with
    which phone): the picture is turned upright as the EXIF said, then saved again without it. JPEG stays JPEG,
    PNG stays PNG; the name is kept (the storage gives it a random one)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageOps

    photo.seek(0)
    with Image.open(photo) as original:
        kind = original.format
        upright = ImageOps.exif_transpose(original)
        buffer = io.BytesIO()
        if kind == "PNG":
            upright.save(buffer, "PNG")
        else:
            upright.convert("RGB").save(buffer, "JPEG", quality=90)
    content_type = "image/png" if kind == "PNG" else "image/jpeg"
    return SimpleUploadedFile(photo.name, buffer.getvalue(), content_type=content_type)
