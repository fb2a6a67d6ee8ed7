"""A full disk while a chapter news picture is stored: the form comes back with its text and a
clear message, no news item is published and no file is left behind."""

import errno
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chapters.models import ChapterNews
from tests.chapters.helpers import png_bytes
from tests.conftest import login
from tests.full_disk import fill_the_disk

NEWS_URL = "/capitulos/houston/noticias/nueva/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(root):
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EDQUOT])
@pytest.mark.parametrize("bytes_that_fit", [0, 12 * 1024])
def test_full_disk_publishes_nothing_and_keeps_the_text(
    client, chapter_leader, media, settings, error, bytes_that_fit
):
    login(client, chapter_leader)
    fill_the_disk(settings, files_that_fit=0, bytes_that_fit=bytes_that_fit, error=error)

    response = client.post(
        NEWS_URL,
        {
            "title": "Reunión de otoño",
            "body": "Texto largo que nadie quiere volver a escribir.",
            "image": SimpleUploadedFile("foto.png", png_bytes((1600, 900)), "image/png"),
            "image_description": "El grupo en la reunión",
        },
    )

    assert response.status_code == 503
    html = response.content.decode()
    assert "No pudimos guardar la imagen porque el servidor no tiene espacio" in html
    assert "Reunión de otoño" in html
    assert "Texto largo que nadie quiere volver a escribir." in html
    assert not ChapterNews.objects.exists()
    assert _files(media) == []


def test_news_without_a_picture_is_published_on_a_full_disk(
    client, chapter_leader, media, settings
):
    login(client, chapter_leader)
    fill_the_disk(settings, files_that_fit=0)

    response = client.post(NEWS_URL, {"title": "Solo texto", "body": "Sin imagen."})

    assert response.status_code == 302
    assert ChapterNews.objects.get().title == "Solo texto"
