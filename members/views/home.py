"""The participants' home at /perfil/ (students and institution contacts in Mexico): a greeting,
what they can do now, and what each app above has for them (redtalentos.lib.home)."""

from django.shortcuts import render

from redtalentos.lib import home


def participant_home(request):
    """Called by profile_edit, which owns /perfil/, for a participant's GET."""
    return render(
        request,
        "members/participant_home.html",
        {"sections": home.sections_for(home.PARTICIPANT, request.user)},
    )
