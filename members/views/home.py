"""The home of every signed-in person at /inicio/, where signing in leads: a greeting, what waits
for them (requests to answer, queues to review), what each app holds for them (sections
registered in redtalentos.lib.home) and what they can do now, for each of their roles: a member
abroad, a participant in Mexico (student or institution contact), PNCS staff, IME."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from redtalentos.lib import home
from redtalentos.lib.roles import is_ime_account, passed_mfa

from ..models import AccountType
from ..permissions import is_participant, is_pncs_staff, member_of


def homes_of(user):
    """The homes of `user`, in the order their "what you can do" blocks are shown."""
    homes = []
    if user.account_type == AccountType.TALENT and member_of(user) is not None:
        homes.append(home.MEMBER)
    if is_participant(user):
        homes.append(home.PARTICIPANT)
    if is_pncs_staff(user):
        homes.append(home.PNCS)
    if is_ime_account(user):
        homes.append(home.IME)
    return homes


@require_safe
@login_required
def my_home(request):
    user = request.user
    homes = homes_of(user)
    if not homes:
        # An account that has not said who it is yet (or a talent without a profile).
        return redirect("members:onboarding")
    staff = home.PNCS in homes or home.IME in homes
    return render(
        request,
        "members/home.html",
        {
            "homes": homes,
            "waiting": home.waiting_for(homes, user),
            "sections": home.sections_for(homes, user),
            # Staff rights hold only in a session that passed the second factor.
            "staff_locked": staff and not passed_mfa(user),
        },
    )
