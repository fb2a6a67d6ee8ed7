"""The editable texts of the site pages: their defaults (the texts the pages had before IME could
edit them, in Spanish and English) and one read per page.

A key without a row shows its default, so a page never goes blank; the admin creates the rows on
first opening (SiteText.objects.ensure_all), and from then on IME's edits are what pages show.
"""

from django.db import IntegrityError, transaction

from redtalentos.lib.markdown import render_markdown

from .models import SiteText, SiteTextKey

DEFAULTS = {
    SiteTextKey.HOME_LEAD: (
        "La Red de Talentos Mexicanos reúne a mexicanas y mexicanos altamente calificados que "
        "viven fuera del país y quieren poner su conocimiento, su experiencia y sus contactos al "
        "servicio del desarrollo de México.",
        "The Mexican Talent Network brings together highly qualified Mexicans who live outside "
        "the country and want to put their knowledge, experience and contacts at the service of "
        "Mexico's development.",
    ),
    SiteTextKey.HOME_MISSION: (
        "Ayudar a que el talento mexicano que trabaja en el exterior, en empresas y sectores de "
        "alto valor agregado, contribuya a que México ocupe un mejor lugar en la economía global "
        "y, sobre todo, en la economía del conocimiento.\n\n"
        "Solo en Estados Unidos viven cerca de 475 mil profesionistas y posgraduados mexicanos, y "
        "más de un millón de personas de origen mexicano con estudios superiores. El reto de la "
        "red es sumar ese talento en proyectos concretos con sus contrapartes en México.",
        "To help Mexican talent working abroad, in high value-added companies and sectors, "
        "contribute to giving Mexico a better place in the global economy and, above all, in the "
        "knowledge economy.\n\n"
        "In the United States alone there are some 475,000 Mexican professionals and "
        "postgraduates, and more than a million people of Mexican origin with higher education. "
        "The network's challenge is to bring that talent together with its counterparts in "
        "Mexico on concrete projects.",
    ),
    SiteTextKey.ABOUT: (
        "La Red de Talentos Mexicanos es un proyecto conjunto de la Secretaría de Relaciones "
        "Exteriores, a través del Instituto de los Mexicanos en el Exterior (IME), y del Consejo "
        "Nacional de Ciencia y Tecnología (CONACYT), con el apoyo de la Fundación México-Estados "
        "Unidos para la Ciencia.",
        "The Mexican Talent Network is a joint project of the Ministry of Foreign Affairs, "
        "through the Institute for Mexicans Abroad (IME), and the National Council of Science "
        "and Technology (CONACYT), with the support of the U.S.-Mexico Foundation for Science.",
    ),
    SiteTextKey.CONTACT_INFO: (
        "Para cualquier duda, escríbenos con el formulario de contacto o acude al consulado de "
        "México más cercano.",
        "If you have any questions, write to us through the contact form or visit your nearest "
        "Mexican consulate.",
    ),
}


def default_text(key):
    return SiteText(key=key, text_es=DEFAULTS[key][0], text_en=DEFAULTS[key][1])


def texts_for(*keys):
    """{key: safe HTML} of `keys` in the active language, in one query."""
    found = SiteText.objects.for_page(*keys)
    return {key: render_markdown((found.get(key) or default_text(key)).text()) for key in keys}


def ensure_all():
    """Creates the rows of the keys that have none, with their defaults (idempotent)."""
    missing = set(SiteTextKey.values) - set(SiteText.objects.values_list("key", flat=True))
    for key in sorted(missing):
        try:
            with transaction.atomic():
                default_text(key).save()
        except IntegrityError:
            pass  # created meanwhile by another request
