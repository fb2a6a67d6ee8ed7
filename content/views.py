"""Site content pages: about us (IME's editable text) and the contact form."""

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import throttling
from .forms import ContactForm
from .models import SiteTextKey
from .services import receive_message
from .site_texts import texts_for


@require_safe
def about(request):
    texts = texts_for(SiteTextKey.ABOUT, SiteTextKey.CONTACT_INFO)
    return render(request, "content/about.html", {"texts": texts})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def contact(request):
    """Anyone may write, signed in or not. The limit is checked before the form so that a
    client past it learns nothing more; a refused form is stored nowhere and sends nothing."""
    if request.method == "POST" and throttling.is_limited(request):
        return render(request, "content/contact_limited.html", status=429)
    form = ContactForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        message = form.to_message(language=get_language() or "es-mx")
        receive_message(message=message, base_url=request.build_absolute_uri("/"))
        throttling.record_sent(request)
        return redirect("content:contact_sent")
    texts = texts_for(SiteTextKey.CONTACT_INFO)
    return render(request, "content/contact_form.html", {"form": form, "texts": texts})


@require_safe
def contact_sent(request):
    return render(request, "content/contact_sent.html")
