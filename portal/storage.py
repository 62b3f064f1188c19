"""Where uploaded files are stored: photos under a name nobody can guess.

A committee member uploads `koffie.jpg` for an activity that a moderator has not yet approved. Wagtail keeps the
name it was given (`original_images/koffie.jpg`, renditions `images/koffie.fill-960x480.jpg`), and the web server
serves /media/ to anyone — so the photo of a page that is not yet published would be one guess away. Here the
stored name of a photo is random (`original_images/Yq3…Zk.jpg`); Wagtail derives its renditions' names from it, so
their addresses are known only once a page that shows them is published. The originals themselves are never
served (deploy/nginx refuses /media/original_images/, and so does `portal.views.media_file` locally): pages show
renditions, and a rendition's address does not give away the original's.

Documents keep their names (people download them under that name); they are not served from /media/ at all
(`portal.uploads`).
"""

from __future__ import annotations

import posixpath
import secrets

from django.core.files.storage import FileSystemStorage

# Folders (Wagtail's) whose files get a random name.
RANDOM_NAME_FOLDERS = ("original_images",)
# Folders under MEDIA_ROOT that are never served as files: the originals of photos, documents, and whatever an app
# keeps private (`private/…`, e.g. the photos with residents' messages): all served by the portal after a
# permission check.
UNSERVED_FOLDERS = ("original_images", "documents", "private")


def random_name(name: str) -> str:
    """`original_images/koffie.JPG` → `original_images/<22 random characters>.jpg`."""
    folder, base = posixpath.split(name)
    extension = posixpath.splitext(base)[1].lower()
    return posixpath.join(folder, secrets.token_urlsafe(16) + extension)


class MediaStorage(FileSystemStorage):
    """The file system, as Django's default storage, with random names for photos."""

    def generate_filename(self, filename: str) -> str:
        filename = super().generate_filename(filename)
        if posixpath.dirname(filename) in RANDOM_NAME_FOLDERS:
            return random_name(filename)
        return filename


def is_served(name: str) -> bool:
    """Whether a file under MEDIA_ROOT may be served as a plain file at /media/<name>."""
    top = posixpath.normpath(name).split("/", 1)[0]
    return top not in UNSERVED_FOLDERS
