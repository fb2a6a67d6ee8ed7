"""Site content pages: about us and the contact form."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def about(request):
    return render(request, "content/about.html")


def contact(request):
    return render(request, "content/contact_form.html")


@require_safe
def contact_sent(request):
    return render(request, "content/contact_sent.html")
