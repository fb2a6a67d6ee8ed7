"""The directory (/directorio/): search, filters, facets and keyset pages over listed profiles.

What a page shows is built by members.directory.results (shared with the PNCS expert search,
members.views.experts); the search itself is members.directory.query.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..directory import cached_for_visitors, run_search
from ..permissions import MEMBER, VISITOR, member_of

PAGE = "members/directory.html"
RESULTS = "members/_directory_results.html"


@require_safe
@cached_for_visitors
def directory(request):
    """Members see members-level fields; everybody else what members chose to show publicly."""
    audience = MEMBER if member_of(request.user) is not None else VISITOR
    context = run_search(request, audience=audience)
    context["audience"] = audience
    return render(request, RESULTS if request.htmx else PAGE, context)
