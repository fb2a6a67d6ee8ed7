"""Profile photos: only sane JPEG, PNG or WebP get in, re-encoded without metadata, in two sizes."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from members.models import Member, MemberChange
from redtalentos.lib import images
from tests.conftest import login

PHOTO_URL = "/perfil/foto/"
RANDOM_NAME = re.compile(r"^members/photos/[0-9a-f]{32}\.(webp|jpg)$")


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


def two_colour_photo(size=(800, 600)):
    """Left half red, right half blue: shows which way the picture was turned."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    return image


def jpeg_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CamaraEspia"
    exif[ExifTags.Base.Orientation] = 6  # shown turned 90° clockwise
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (19.0, 25.0, 57.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (99.0, 7.0, 59.0),
    }
    data = encode(two_colour_photo(), "JPEG", exif=exif, quality=90)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def png_chunk(kind, payload):
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_claiming(width, height):
    """A PNG whose header claims a huge size (what a decompression bomb looks like to Pillow)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def upload(data, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_photo(client, data, **kwargs):
    return client.post(PHOTO_URL, {"photo": upload(data, **kwargs)})


# A good photo


def test_jpeg_with_gps_is_stored_in_two_sizes_without_any_metadata(client, member, media):
    login(client, member.user)

    response = post_photo(client, jpeg_with_gps(), name="casa-de-ana.jpg")

    assert response.status_code == 302
    member.refresh_from_db()
    assert RANDOM_NAME.match(member.photo.name)
    assert RANDOM_NAME.match(member.photo_small.name)
    assert "casa-de-ana" not in member.photo.name
    # Only the two new versions: the original is never stored.
    assert stored_files(media) == sorted([member.photo.name, member.photo_small.name])
    for field, side in ((member.photo, 480), (member.photo_small, 160)):
        raw = (media / field.name).read_bytes()
        stored = Image.open(io.BytesIO(raw))
        assert stored.size == (side, side)
        assert stored.format in {"WEBP", "JPEG"}
        assert not stored.getexif()
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(stored.info)
        assert b"Exif" not in raw
        assert b"CamaraEspia" not in raw
    # Turned upright as the EXIF orientation said: the red left half is now at the top.
    large = Image.open(media / member.photo.name).convert("RGB")
    top, bottom = large.getpixel((240, 40)), large.getpixel((240, 440))
    assert top[0] > 150 > top[2]
    assert bottom[2] > 150 > bottom[0]
    change = MemberChange.objects.get(member=member)
    assert change.fields == ["photo"]
    assert change.changed_by == member.user


@pytest.mark.parametrize(
    ("fmt", "name", "content_type"),
    [("PNG", "foto.png", "image/png"), ("WEBP", "foto.webp", "image/webp")],
)
def test_png_and_webp_are_accepted(client, member, fmt, name, content_type):
    login(client, member.user)
    image = two_colour_photo((300, 500)).convert("RGBA")
    response = post_photo(client, encode(image, fmt), name=name, content_type=content_type)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo
    assert member.photo_small


def test_png_text_comments_and_colour_profile_are_dropped(client, member, media):
    login(client, member.user)
    info = PngInfo()
    info.add_text("Comment", "secreto-en-el-png")
    data = encode(two_colour_photo(), "PNG", pnginfo=info, icc_profile=b"perfil-falso")
    post_photo(client, data, name="foto.png", content_type="image/png")
    member.refresh_from_db()
    for field in (member.photo, member.photo_small):
        raw = (media / field.name).read_bytes()
        assert b"secreto-en-el-png" not in raw
        assert b"perfil-falso" not in raw


def test_a_small_photo_is_not_enlarged(client, member, media):
    login(client, member.user)
    post_photo(client, encode(two_colour_photo((200, 120)), "JPEG"))
    member.refresh_from_db()
    assert Image.open(media / member.photo.name).size == (120, 120)
    assert Image.open(media / member.photo_small.name).size == (120, 120)


def test_photo_is_shown_on_the_profile_page_from_the_stored_version(client, member):
    login(client, member.user)
    post_photo(client, encode(two_colour_photo(), "JPEG"))
    member.refresh_from_db()
    html = client.get(member.get_absolute_url()).content.decode()
    assert member.photo.url in html


def test_new_photo_replaces_the_old_files(
    client, member, media, django_capture_on_commit_callbacks
):
    login(client, member.user)
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(client, encode(two_colour_photo(), "JPEG"))
    member.refresh_from_db()
    old = {member.photo.name, member.photo_small.name}

    with django_capture_on_commit_callbacks(execute=True):
        post_photo(client, encode(two_colour_photo((640, 640)), "PNG"), name="otra.png")

    member.refresh_from_db()
    new = {member.photo.name, member.photo_small.name}
    assert not old & new
    assert set(stored_files(media)) == new


def test_removing_the_photo_deletes_its_files(
    client, member, media, django_capture_on_commit_callbacks
):
    login(client, member.user)
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(client, encode(two_colour_photo(), "JPEG"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PHOTO_URL, {"action": "remove"}, follow=True)

    assert "Quitamos tu foto." in response.content.decode()
    member.refresh_from_db()
    assert not member.photo
    assert not member.photo_small
    assert stored_files(media) == []
    assert MemberChange.objects.filter(member=member).count() == 2


# Bad files: refused with a clear message, nothing saved, the previous photo stays


def _text_file():
    return b"Esto no es una foto, es un archivo de texto.\n" * 20


def _svg():
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>"
    )


def _truncated_jpeg():
    data = encode(Image.effect_noise((600, 600), 60).convert("RGB"), "JPEG", quality=95)
    return data[: len(data) // 2]


def _too_heavy():
    # A real JPEG start, padded past 5 MB: refused by its size before anything is decoded.
    return encode(two_colour_photo(), "JPEG") + b"\x00" * (5 * 1024 * 1024)


def _png_bomb():
    # 8,000 by 8,000 of one colour (64 megapixels) compresses to a few dozen kilobytes.
    return encode(Image.new("L", (8000, 8000), 255), "PNG")


def _huge_header():
    return png_claiming(30_000, 30_000)


def _gif():
    return encode(two_colour_photo((50, 50)).convert("P"), "GIF")


def _empty():
    return b""


BAD_FILES = {
    "renamed text file": (_text_file, "foto.jpg", "no es una imagen JPEG, PNG o WebP"),
    "svg": (_svg, "foto.svg", "no es una imagen JPEG, PNG o WebP"),
    "truncated jpeg": (_truncated_jpeg, "foto.jpg", "dañada o incompleta"),
    "over 5 MB": (_too_heavy, "foto.jpg", "el máximo es 5.0"),
    "over 16 megapixels": (_png_bomb, "foto.png", "16 megapíxeles"),
    "decompression bomb header": (_huge_header, "foto.png", "16 megapíxeles"),
    "gif": (_gif, "foto.gif", "no es una imagen JPEG, PNG o WebP"),
    "empty file": (_empty, "foto.jpg", "vacío"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_refused_and_the_previous_photo_stays(client, member, media, case):
    login(client, member.user)
    post_photo(client, encode(two_colour_photo(), "JPEG"))
    member.refresh_from_db()
    before = (member.photo.name, member.photo_small.name)
    files_before = stored_files(media)
    changes_before = MemberChange.objects.count()
    make_data, name, message = BAD_FILES[case]

    response = post_photo(client, make_data(), name=name, content_type="image/jpeg")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "No guardamos la foto" in html
    member.refresh_from_db()
    assert (member.photo.name, member.photo_small.name) == before
    assert stored_files(media) == files_before
    assert MemberChange.objects.count() == changes_before


def test_posting_without_a_file_is_a_form_error(client, member, media):
    login(client, member.user)
    response = client.post(PHOTO_URL, {})
    assert response.status_code == 200
    assert "obligatorio" in response.content.decode()
    assert stored_files(media) == []


@pytest.mark.parametrize("case", BAD_FILES)
def test_pipeline_raises_a_validation_error_for_each_bad_file(case):
    from django.core.exceptions import ValidationError

    make_data, name, _message = BAD_FILES[case]
    with pytest.raises(ValidationError):
        images.process_photo(upload(make_data(), name=name))


def jpeg_with_damaged_exif():
    """A photo whose EXIF has a text value under a tag Pillow writes as a number."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Camara"
    data = encode(two_colour_photo(), "JPEG", exif=exif.tobytes())
    make_tag = struct.pack(">HH", ExifTags.Base.Make, 2)  # tag 0x010F, type ASCII
    assert data.count(make_tag) == 1
    return data.replace(make_tag, struct.pack(">HH", ExifTags.Base.T4Options, 2))


def test_a_photo_with_damaged_exif_is_stored_without_its_metadata(client, member, media):
    login(client, member.user)

    response = post_photo(client, jpeg_with_damaged_exif())

    assert response.status_code == 302
    member.refresh_from_db()
    stored = Image.open(member.photo.path)
    assert not stored.getexif()
    assert stored.size == (480, 480)


def test_pipeline_names_are_random_and_unique():
    data = encode(two_colour_photo(), "JPEG")
    first = images.process_photo(upload(data))
    second = images.process_photo(upload(data))
    names = {v.file.name for v in (*first.values(), *second.values())}
    assert len(names) == 4


def test_pipeline_fits_news_pictures_inside_a_box_without_cropping():
    versions = images.process_image(
        upload(encode(two_colour_photo((1600, 900)), "JPEG")), sizes={"wide": 800}, square=False
    )
    assert (versions["wide"].width, versions["wide"].height) == (800, 450)


# Who may post


def test_visitor_is_sent_to_sign_in(client, db, media):
    response = client.post(PHOTO_URL, {"photo": upload(encode(two_colour_photo(), "JPEG"))})
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")
    assert stored_files(media) == []


def test_participant_gets_403(client, participant, media):
    login(client, participant)
    response = client.post(PHOTO_URL, {"photo": upload(encode(two_colour_photo(), "JPEG"))})
    assert response.status_code == 403
    assert stored_files(media) == []


def test_get_is_not_allowed(client, member):
    login(client, member.user)
    assert client.get(PHOTO_URL).status_code == 405


def test_the_photo_only_ever_changes_the_own_profile(client, member, other_member):
    login(client, member.user)
    post_photo(client, encode(two_colour_photo(), "JPEG"))
    other_member.refresh_from_db()
    assert not other_member.photo
    assert Member.objects.get(pk=member.pk).photo
