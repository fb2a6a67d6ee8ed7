"""Public pages about the PNCS sectors."""

from django.shortcuts import render

from .models import Sector


def sector_list(request):
    return render(request, "pncs/sector_list.html", {"sectors": Sector.objects.all()})
