"""Small helpers shared by the chapters tests."""

import io

from PIL import Image

from chapters.models import Chapter, ChapterNews
from members.models import Consent
from tests.conftest import make_member

CHAPTER_CONSENT = (Consent.Purpose.CHAPTER,)


def chapter(slug="houston"):
    return Chapter.objects.get(slug=slug)


def chapter_mate(name, slug="houston", *, consents=CHAPTER_CONSENT, **fields):
    """A member of the chapter at `slug` who (by default) consented to chapter visibility."""
    return make_member(name, chapter=chapter(slug), consents=consents, **fields)


def make_news(chapter_obj, n, **fields):
    return ChapterNews.objects.create(
        chapter=chapter_obj, title=f"Noticia {n}", slug=f"noticia-{n}", body="Texto.", **fields
    )


def png_bytes(size=(64, 48), color=(200, 30, 60)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def as_user(persona):
    """The account of a persona fixture (`member` and `other_member` are profiles)."""
    return getattr(persona, "user", persona)
