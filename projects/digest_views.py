"""The digest's one-click unsubscribe, without signing in (projects.digest): the link in every
digest opens a page with one button; mail programs that offer their own button (RFC 8058) POST
to the same address. The signed token in the address is the only credential."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from members.models import User

from . import digest


# No CSRF check on purpose, on this view only: RFC 8058 mail programs POST
# "List-Unsubscribe=One-Click" from outside any page of ours, without a token or a cookie. A
# forged POST gains nothing: it needs the signed token, which only the recipient's email holds,
# and all it can do is stop that person's digest. GET only shows the button, so that the link
# scanners of mail services, which open every link, unsubscribe nobody.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request, token):
    user_id = digest.user_id_for(token)
    if user_id is None or not User.objects.filter(pk=user_id).exists():
        raise Http404
    done = False
    if request.method == "POST":
        digest.unsubscribe(user_id)
        done = True
    return render(request, "projects/digest_unsubscribe.html", {"done": done})
