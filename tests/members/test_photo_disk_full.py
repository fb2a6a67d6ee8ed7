"""A full disk while a profile photo is stored: a clear message, no file left, nothing changed."""

import errno
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import MemberChange
from tests.conftest import login
from tests.full_disk import fill_the_disk

PHOTO_URL = "/perfil/foto/"
NO_SPACE = "No pudimos guardar la imagen porque el servidor no tiene espacio"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def jpeg(size=(800, 600), colour=(30, 120, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize(
    "disk",
    [
        # Full from the start: the large version is cut at 12 KB, as in issue 12.
        {"files_that_fit": 0, "bytes_that_fit": 12 * 1024},
        # The large version fits; the small one is left at 0 bytes.
        {"files_that_fit": 1, "bytes_that_fit": 0},
        # A quota rather than a full disk.
        {"files_that_fit": 1, "bytes_that_fit": 100, "error": errno.EDQUOT},
    ],
)
def test_full_disk_keeps_the_old_photo_and_leaves_no_file(client, member, media, settings, disk):
    login(client, member.user)
    assert client.post(PHOTO_URL, {"photo": jpeg()}).status_code == 302
    member.refresh_from_db()
    before = (member.photo.name, member.photo_small.name)
    files_before = stored_files(media)
    changes_before = MemberChange.objects.count()
    fill_the_disk(settings, **disk)

    response = client.post(PHOTO_URL, {"photo": jpeg(colour=(200, 30, 30))})

    assert response.status_code == 503
    html = response.content.decode()
    assert NO_SPACE in html
    assert "Tus otros datos no cambiaron" in html
    # The page shows the photo still stored, not the one that could not be written.
    assert before[1] in html
    member.refresh_from_db()
    assert (member.photo.name, member.photo_small.name) == before
    assert stored_files(media) == files_before
    assert MemberChange.objects.count() == changes_before


def test_full_disk_on_a_first_photo_leaves_the_profile_without_one(client, member, media, settings):
    login(client, member.user)
    fill_the_disk(settings, files_that_fit=0, bytes_that_fit=0)

    response = client.post(PHOTO_URL, {"photo": jpeg()})

    assert response.status_code == 503
    assert NO_SPACE in response.content.decode()
    member.refresh_from_db()
    assert not member.photo and not member.photo_small
    assert stored_files(media) == []
    assert not MemberChange.objects.exists()


def test_full_disk_answers_in_english_under_en(client, member, media, settings):
    login(client, member.user)
    fill_the_disk(settings, files_that_fit=0)

    response = client.post("/en" + PHOTO_URL, {"photo": jpeg()})

    assert response.status_code == 503
    assert stored_files(media) == []
