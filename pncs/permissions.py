"""Who may use the PNCS workspace and which contact points and activities they may touch.

PNCS staff work on the contact points they belong to; IME admins (is_staff) on all of them. A
signed-in user without the right gets 403; an unknown object 404 (contact points are public, and
activities are named by a number anybody can guess, so their existence is no secret).
Members' data is reached by string (apps.get_model), never by importing the members app.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from redtalentos.lib.roles import is_ime_admin

from .models import ContactPoint, WorkProgrammeActivity


def staff_contact_points(user):
    """The contact points `user` works on: all for IME admins, their own for PNCS staff, none
    for everybody else. A queryset, ordered by name."""
    if is_ime_admin(user):
        return ContactPoint.objects.all()
    if not user.is_authenticated or not user.is_active:
        return ContactPoint.objects.none()
    return ContactPoint.objects.filter(staff=user)


def require_workspace(request):
    """The contact points of the signed-in user (a list); 403 when they have none.

    Views put @login_required first, so visitors are sent to sign in instead.
    """
    contact_points = list(staff_contact_points(request.user))
    if not contact_points and not is_ime_admin(request.user):
        raise PermissionDenied
    return contact_points


def can_work_on(user, contact_point):
    if is_ime_admin(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return contact_point.staff.filter(pk=user.pk).exists()


def get_contact_point_for_staff(request, slug):
    """The contact point at `slug`: 404 if unknown, 403 unless the user is on its staff or IME."""
    contact_point = get_object_or_404(ContactPoint, slug=slug)
    if not can_work_on(request.user, contact_point):
        raise PermissionDenied
    return contact_point


def get_activity_for_staff(request, pk):
    """The activity `pk`: 404 if unknown, 403 unless the user is on its contact point's staff
    or IME."""
    activity = get_object_or_404(
        WorkProgrammeActivity.objects.select_related("contact_point", "responsible"), pk=pk
    )
    if not can_work_on(request.user, activity.contact_point):
        raise PermissionDenied
    return activity
