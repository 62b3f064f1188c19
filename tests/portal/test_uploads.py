"""Uploads: a committee's document is private until a published page uses it; files are what they claim to be;
a photo with too many pixels is refused before it can cost the server a minute of work."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from committees import services as services_committees
from committees.factories import NewsPageFactory
from portal.factories import ResidentProfileFactory, UserFactory
from portal.storage import UNSERVED_FOLDERS

pytestmark = pytest.mark.django_db

Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def committee(building):
    return services_committees.committee_create(
        parent=building, title="Bewonerscommissie De Linde", kind="bewoners", description="Wij."
    )


@pytest.fixture
def member(committee):
    user = UserFactory(email="commissie@example.org")
    services_committees.committee_member_add(committee=committee, user=user, role="voorzitter")
    return user


@pytest.fixture
def resident(building):
    user = UserFactory(email="bewoner@example.org")
    ResidentProfileFactory(user=user, building=building)
    return user


@pytest.fixture
def document(committee, member):
    """The minutes a committee member uploaded into the committee's collection, used by no page yet."""
    collection = Collection.objects.get(name=committee.group.name)
    return Document.objects.create(
        title="Verslag november",
        file=ContentFile(PDF, name="verslag.pdf"),
        collection=collection,
        uploaded_by_user=member,
    )


def status_for(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_an_unpublished_upload_is_only_for_its_committee_and_the_moderators(
    client, document, member, moderator, resident, other_caretaker
):
    statuses = {
        who: status_for(client, user, document.url)
        for who, user in [
            ("anonymous", None),
            ("resident", resident),
            ("other caretaker", other_caretaker.user),
            ("committee member", member),
            ("moderator", moderator),
        ]
    }

    assert statuses == {
        "anonymous": 404,
        "resident": 404,
        "other caretaker": 404,
        "committee member": 200,
        "moderator": 200,
    }


def test_a_draft_that_uses_the_upload_does_not_make_it_public(client, committee, document):
    NewsPageFactory(parent=committee, title="Verslag", slug="verslag", document=document, live=False)

    assert client.get(document.url).status_code == 404


def test_the_upload_is_public_while_a_published_page_uses_it(client, committee, document):
    news = NewsPageFactory(parent=committee, title="Verslag", slug="verslag", document=document)

    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    news.unpublish()
    assert client.get(document.url).status_code == 404


def test_an_upload_on_a_page_for_logged_in_residents_only_is_for_them_only(client, committee, document, resident):
    from wagtail.models import PageViewRestriction

    news = NewsPageFactory(parent=committee, title="Verslag", slug="verslag", document=document)
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)

    assert status_for(client, None, document.url) == 404
    assert status_for(client, resident, document.url) == 200


# --- What a document is -----------------------------------------------------------------------------------


def docx(*, macros=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def upload_in_chooser(client, user, committee, name, content):
    """What the 'Kies een document' chooser's upload tab sends; returns (created?, the page shown)."""
    client.force_login(user)
    collection = Collection.objects.get(name=committee.group.name)
    response = client.post(
        "/admin/documents/chooser/create/",
        {
            "document-chooser-upload-title": "Verslag",
            "document-chooser-upload-file": SimpleUploadedFile(name, content),
            "document-chooser-upload-collection": collection.pk,
        },
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    return data["step"] == "chosen", data.get("htmlFragment", "")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("verslag.pdf", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"),
        ("verslag.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),  # a Windows program
        ("verslag.docx", PDF),
        ("verslag.docx", docx(macros=True)),
    ],
    ids=["html-as-pdf", "program-as-pdf", "pdf-as-docx", "docx-with-macros"],
)
def test_a_document_that_is_not_what_its_name_says_is_refused(client, committee, member, name, content):
    created, html = upload_in_chooser(client, member, committee, name, content)

    assert not created
    assert f"Dit bestand is geen echt .{name.rsplit('.', 1)[1]}-bestand, al heeft het die naam." in html
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "content"), [("verslag.pdf", PDF), ("verslag.docx", docx())], ids=["pdf", "docx"])
def test_a_real_document_is_accepted(client, committee, member, name, content):
    created, _html = upload_in_chooser(client, member, committee, name, content)

    assert created
    assert Document.objects.get().title == "Verslag"


# --- Photos -------------------------------------------------------------------------------------------------


def png(width, height) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_photo(client, moderator, content):
    client.force_login(moderator)
    return client.post(
        "/admin/images/add/",
        {
            "title": "Foto",
            "file": SimpleUploadedFile("foto.png", content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's own warning, before ours
def test_a_photo_with_too_many_pixels_is_refused_with_a_dutch_message(client, moderator):
    huge = png(11000, 11000)  # 121 megapixels in a few kilobytes, as in the issue
    assert len(huge) < 100_000

    response = upload_photo(client, moderator, huge)

    assert response.status_code == 200
    assert "Deze foto heeft te veel beeldpunten (pixels): het kan tot 40 miljoen." in response.content.decode()
    assert not get_image_model().objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=2048)
def test_a_photo_that_is_too_large_is_refused_with_a_dutch_message(client, moderator):
    buffer = io.BytesIO()
    PILImage.effect_noise((200, 200), 100).save(buffer, format="PNG")

    response = upload_photo(client, moderator, buffer.getvalue())

    assert "Deze foto is te groot: het kan tot 2,0\xa0KB." in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_photo_gets_a_name_nobody_can_guess_and_its_original_is_never_served(client, committee, member):
    """A committee's photo for an activity not yet approved: `koffie.png` is not stored, nor shown, under that
    name, so nobody reaches it by guessing; pages show renditions, and the original is not served at all."""
    collection = Collection.objects.get(name=committee.group.name)
    client.force_login(member)
    response = client.post(
        "/admin/images/add/",
        {"title": "Koffie", "file": SimpleUploadedFile("koffie.png", png(400, 300)), "collection": collection.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = get_image_model().objects.get()
    rendition = photo.get_rendition("fill-960x480")
    client.logout()

    assert photo.file.name.startswith("original_images/")
    assert "koffie" not in photo.file.name.lower()
    assert "koffie" not in rendition.url.lower()
    assert client.get(rendition.url).status_code == 200, "the rendition a published page shows is served"
    for guess in ("/media/original_images/koffie.png", "/media/images/koffie.fill-960x480.png", photo.file.url):
        assert client.get(guess).status_code == 404, guess


def test_two_photos_with_the_same_name_do_not_share_an_address(moderator):
    first = get_image_model().objects.create(title="Tuin", file=ContentFile(png(20, 20), name="tuin.png"))
    second = get_image_model().objects.create(title="Tuin", file=ContentFile(png(20, 20), name="tuin.png"))

    assert first.file.name != second.file.name
    assert first.file.name.endswith(".png")


def test_the_web_server_refuses_what_the_portal_refuses():
    """deploy/nginx serves /media/ in production; it refuses the same folders as the local view."""
    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "bewonersportaal.conf").read_text()
    for folder in UNSERVED_FOLDERS:
        assert f"location ^~ /media/{folder}/ {{\n        return 404;" in conf, folder
