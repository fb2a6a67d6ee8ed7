"""The HTTP side of the calendar (.ics) downloads of several apps (a Jornada's agenda, a mission's
schedule): the response, and the host that makes each event's UID unique to the site."""

from django.http import HttpResponse


def ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_host(request):
    return request.get_host().split(":")[0]
