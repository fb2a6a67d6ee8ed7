"""Public pages about the regional chapters."""

from django.shortcuts import render

from .models import Chapter


def chapter_list(request):
    return render(request, "chapters/chapter_list.html", {"chapters": Chapter.objects.all()})
