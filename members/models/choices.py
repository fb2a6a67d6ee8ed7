"""The choices a member profile is made of: visibility of a field group, what a member can
contribute, availability, Mexican states and languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who sees a field group, from the widest audience to the narrowest."""

    PUBLIC = "public", _("Público")
    MEMBERS = "members", _("Miembros de la red")
    STAFF = "staff", _("Personal de los PNCS y del IME")
    PRIVATE = "private", _("Solo yo")


class ContributionOffer(models.TextChoices):
    STRATEGIC_VISION = "strategic_vision", _("Visión estratégica")
    PROMOTION = "promotion", _("Promoción de las capacidades de México")
    ALLIANCES = "alliances", _("Alianzas estratégicas")
    BEST_PRACTICES = "best_practices", _("Mejores prácticas")
    KNOWLEDGE_TRANSFER = (
        "knowledge_transfer",
        _("Transferencia de conocimiento y desarrollo de habilidades"),
    )
    PROJECTS = "projects", _("Proyectos específicos")
    COMPANY_MENTORING = "company_mentoring", _("Mentoría a empresas mexicanas")
    MISSIONS = "missions", _("Misiones comerciales y de aprendizaje de negocios")
    ACADEMIC_MENTORING = "academic_mentoring", _("Mentoría a programas académicos")
    SKILLS_GUIDANCE = "skills_guidance", _("Orientación sobre habilidades demandadas")
    INTERNSHIPS = "internships", _("Estancias y prácticas profesionales")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Disponible para colaborar")
    LIMITED = "limited", _("Disponibilidad limitada")
    UNAVAILABLE = "unavailable", _("Sin disponibilidad por ahora")


class MexicanState(models.TextChoices):
    AGS = "AGU", "Aguascalientes"
    BC = "BCN", "Baja California"
    BCS = "BCS", "Baja California Sur"
    CAM = "CAM", "Campeche"
    CHP = "CHP", "Chiapas"
    CHH = "CHH", "Chihuahua"
    CMX = "CMX", "Ciudad de México"
    COA = "COA", "Coahuila"
    COL = "COL", "Colima"
    DUR = "DUR", "Durango"
    GUA = "GUA", "Guanajuato"
    GRO = "GRO", "Guerrero"
    HID = "HID", "Hidalgo"
    JAL = "JAL", "Jalisco"
    MEX = "MEX", "Estado de México"
    MIC = "MIC", "Michoacán"
    MOR = "MOR", "Morelos"
    NAY = "NAY", "Nayarit"
    NLE = "NLE", "Nuevo León"
    OAX = "OAX", "Oaxaca"
    PUE = "PUE", "Puebla"
    QUE = "QUE", "Querétaro"
    ROO = "ROO", "Quintana Roo"
    SLP = "SLP", "San Luis Potosí"
    SIN = "SIN", "Sinaloa"
    SON = "SON", "Sonora"
    TAB = "TAB", "Tabasco"
    TAM = "TAM", "Tamaulipas"
    TLA = "TLA", "Tlaxcala"
    VER = "VER", "Veracruz"
    YUC = "YUC", "Yucatán"
    ZAC = "ZAC", "Zacatecas"


class Language(models.TextChoices):
    SPANISH = "es", _("Español")
    ENGLISH = "en", _("Inglés")
    FRENCH = "fr", _("Francés")
    GERMAN = "de", _("Alemán")
    PORTUGUESE = "pt", _("Portugués")
    ITALIAN = "it", _("Italiano")
    CHINESE = "zh", _("Chino")
    JAPANESE = "ja", _("Japonés")
    KOREAN = "ko", _("Coreano")
    ARABIC = "ar", _("Árabe")
    RUSSIAN = "ru", _("Ruso")
    HINDI = "hi", _("Hindi")
    NAHUATL = "nah", _("Náhuatl")
    MAYA = "yua", _("Maya")
    OTHER = "other", _("Otro")
