"""Pictures that would take a lot of memory: refused from their header past a portrait's size,
decoded at reduced scale when accepted, and one large decode at a time per worker."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile

from chapters.models import ChapterNews
from members.models import MemberChange
from redtalentos.lib import images
from tests.conftest import login

PHOTO_URL = "/perfil/foto/"
LIMIT_TEXT = "el máximo es de 16 megapíxeles"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo_like(size, *, grain=True):
    """Smooth colours, like a photo: compresses well at any size."""
    third = Image.effect_noise((64, 48), 40) if grain else Image.new("L", (64, 48), 90)
    small = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((64, 48)),
            Image.radial_gradient("L").resize((64, 48)),
            third,
        ],
    )
    return small.resize(size, Image.Resampling.BILINEAR)


def post_photo(client, data, name, content_type):
    return client.post(
        PHOTO_URL, {"photo": SimpleUploadedFile(name, data, content_type=content_type)}
    )


def test_a_40_megapixel_png_is_refused_with_the_limit_in_words(client, member, media):
    # The file of issue 12: a few hundred KB that would take ~770 MB to decode.
    data = encode(photo_like((7300, 5470), grain=False), "PNG")
    assert len(data) < images.MAX_BYTES
    login(client, member.user)

    response = post_photo(client, data, "grande.png", "image/png")

    assert response.status_code == 200
    html = response.content.decode()
    assert "7300 × 5470 píxeles" in html  # noqa: RUF001
    assert LIMIT_TEXT in html
    assert "No guardamos la foto" in html
    member.refresh_from_db()
    assert not member.photo
    assert stored_files(media) == []
    assert not MemberChange.objects.exists()


def test_just_over_the_limit_is_refused_before_any_pixel_is_decoded(monkeypatch):
    decoded = []
    original_load = ImageFile.ImageFile.load

    def load(self):
        decoded.append(self.size)
        return original_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    data = encode(Image.new("L", (4001, 4000)), "PNG")

    with pytest.raises(images.ValidationError) as refused:
        images.process_photo(SimpleUploadedFile("foto.png", data))

    assert refused.value.code == "too_many_pixels"
    assert decoded == []


def test_a_decompression_bomb_is_a_form_error(client, member, media):
    # A PNG whose header claims 30,000 by 30,000 pixels (past Pillow's own bomb limit).
    from tests.members.test_photos import png_claiming

    login(client, member.user)

    response = post_photo(client, png_claiming(30_000, 30_000), "foto.png", "image/png")

    assert response.status_code == 200
    assert LIMIT_TEXT in response.content.decode()
    assert stored_files(media) == []


def test_a_12_megapixel_phone_jpeg_is_accepted_and_decoded_at_reduced_scale(
    client, member, media, monkeypatch
):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    data = encode(photo_like((4032, 3024)), "JPEG", quality=85, exif=exif)
    decoded = []
    original_load = ImageFile.ImageFile.load

    def load(self):
        decoded.append(self.size)
        return original_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    login(client, member.user)

    response = post_photo(client, data, "telefono.jpg", "image/jpeg")

    assert response.status_code == 302
    member.refresh_from_db()
    assert Image.open(media / member.photo.name).size == (480, 480)
    assert Image.open(media / member.photo_small.name).size == (160, 160)
    # libjpeg scaled it while decoding: a quarter of each side, never all 12 megapixels.
    assert set(decoded) == {(1008, 756)}


def test_a_large_png_news_picture_is_stored_at_its_size(client, chapter_leader, media):
    login(client, chapter_leader)
    data = encode(photo_like((4000, 2500)), "PNG")

    response = client.post(
        "/capitulos/houston/noticias/nueva/",
        {
            "title": "Foto grande",
            "body": "Texto.",
            "image": SimpleUploadedFile("grande.png", data, content_type="image/png"),
            "image_description": "Un paisaje",
        },
    )

    assert response.status_code == 302
    news = ChapterNews.objects.get()
    assert (news.image_width, news.image_height) == (1200, 750)
    assert Image.open(media / news.image.name).size == (1200, 750)


def test_a_transparent_png_reduced_before_use_keeps_its_colours():
    # Half opaque red, half fully transparent: the transparent half turns white, not black.
    picture = Image.new("RGBA", (2000, 2000), (0, 0, 0, 0))
    picture.paste((200, 20, 20, 255), (0, 0, 1000, 2000))
    versions = images.process_photo(SimpleUploadedFile("foto.png", encode(picture, "PNG")))
    large = Image.open(versions["large"].file).convert("RGB")
    assert large.size == (480, 480)
    left, right = large.getpixel((40, 240)), large.getpixel((440, 240))
    assert left[0] > 180 and left[1] < 60
    assert min(right) > 240


def test_a_large_decode_waits_its_turn_and_is_refused_when_the_wait_is_over(
    client, member, media, monkeypatch
):
    # Another request of this worker is decoding a large picture and does not finish in time.
    monkeypatch.setattr(images, "DECODE_WAIT_SECONDS", 0)
    login(client, member.user)
    assert images._DECODE_TURN.acquire(timeout=1)
    try:
        busy = post_photo(client, encode(photo_like((3000, 3000)), "PNG"), "a.png", "image/png")
        small = post_photo(client, encode(photo_like((800, 600)), "PNG"), "b.png", "image/png")
    finally:
        images._DECODE_TURN.release()

    assert busy.status_code == 200
    assert re.search(r"procesando otras imágenes", busy.content.decode())
    # A small picture does not need the turn.
    assert small.status_code == 302
    member.refresh_from_db()
    assert member.photo
    assert len(stored_files(media)) == 2
