"""Time zones for mentoring: the choices of the forms and a member's zone guessed from their city
and country (they may change it). The countries' zones come from the tz database's zone.tab, as
shipped by the `tzdata` package."""

import unicodedata
import zoneinfo
from functools import cache
from importlib import resources

# Countries with several zones: the zone most of the network's members there live in.
COUNTRY_DEFAULTS = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "BR": "America/Sao_Paulo",
    "AU": "Australia/Sydney",
    "RU": "Europe/Moscow",
    "MX": "America/Mexico_City",
    "ES": "Europe/Madrid",
    "DE": "Europe/Berlin",
    "CN": "Asia/Shanghai",
    "AR": "America/Argentina/Buenos_Aires",
    "CL": "America/Santiago",
}
# Cities of the network that do not give their name to a zone.
CITY_ZONES = {
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "austin": "America/Chicago",
    "san antonio": "America/Chicago",
    "san jose": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "palo alto": "America/Los_Angeles",
    "mountain view": "America/Los_Angeles",
    "sunnyvale": "America/Los_Angeles",
    "san diego": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "atlanta": "America/New_York",
    "miami": "America/New_York",
    "montreal": "America/Toronto",
    "ottawa": "America/Toronto",
    "calgary": "America/Edmonton",
    "guadalajara": "America/Mexico_City",
    "monterrey": "America/Monterrey",
}


def _key(text):
    text = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


@cache
def _country_zones():
    zones = {}
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    for line in table.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _coordinates, zone, *_rest = line.split("\t")
        zones.setdefault(country, []).append(zone)
    return zones


@cache
def _zones_by_city():
    return {_key(zone.rsplit("/", 1)[-1].replace("_", " ")): zone for zone in all_zones()}


@cache
def all_zones():
    return sorted(zone for zone in zoneinfo.available_timezones() if "/" in zone)


def choices():
    return [(zone, zone.replace("_", " ")) for zone in all_zones()]


def guess(city, country):
    """The zone of `city` in `country` (an ISO code), or "" when it cannot be told."""
    country = str(country or "").upper()
    zones = _country_zones().get(country, [])
    # "Houston, Texas": the city, then the city without its state or province.
    for city_key in dict.fromkeys([_key(city), _key(str(city or "").split(",")[0])]):
        zone = CITY_ZONES.get(city_key) or _zones_by_city().get(city_key)
        if zone and (not zones or zone in zones):
            return zone
    if country in COUNTRY_DEFAULTS:
        return COUNTRY_DEFAULTS[country]
    return zones[0] if zones else ""
