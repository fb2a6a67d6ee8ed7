"""A member's own profile (edit, photo, education, skill suggestions) and the profile page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, IntegerField, OuterRef, Value, When
from django.db.models.functions import JSONObject
from django.db.models.query import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pncs.models import Sector
from redtalentos.lib import images

from .. import profiles
from ..directory import cached_for_visitors
from ..forms.profile import VISIBILITY_LABELS, EducationForm, PhotoForm, ProfileForm
from ..models import (
    ContributionOffer,
    Education,
    Language,
    Member,
    Skill,
    StaffAccess,
)
from ..onboarding import needs_onboarding
from ..permissions import (
    STAFF,
    can_request_introduction,
    get_member_for_viewer,
    is_participant,
    require_member,
    staff_view_allowed,
    visible_groups,
)

SUGGESTIONS_MAX = 10
# The id of the editor's one form, and the hidden field that says the profile data came with it.
EDITOR_FORM_ID = "profile-form"
PROFILE_MARKER = "with_profile"


def _own_member(request):
    """The signed-in talent's profile; None when the account has not chosen its type yet."""
    if not request.user.account_type:
        return None
    return require_member(request)


def _render_edit(request, member, *, form=None, photo_form=None, education_form=None, status=200):
    prefetch_related_objects([member], "sectors", "skills", "education")
    if form is None:
        form = ProfileForm(instance=member)
    photo_form = photo_form or PhotoForm()
    education_form = education_form or EducationForm(prefix="education")
    # The photo and education fields sit in their own sections, outside the <form> element of
    # the profile data, and join it through the HTML form attribute: every button of the page
    # sends everything typed on it. Their fields are not `required` for the browser, which would
    # otherwise refuse to send the profile without a photo and a new education row.
    for part in (photo_form, education_form):
        part.use_required_attribute = False
        for field in part.fields.values():
            field.widget.attrs["form"] = EDITOR_FORM_ID
    education = list(member.education.all())
    percent, missing = profiles.completeness(
        member, sectors=member.sectors.all(), skills=member.skills.all(), education=education
    )
    context = {
        "member": member,
        "form": form,
        "photo_form": photo_form,
        "education_form": education_form,
        "editor_form_id": EDITOR_FORM_ID,
        "education": education,
        "completeness": percent,
        "missing": missing,
    }
    return render(request, "members/profile_form.html", context, status=status)


def _education_typed(data):
    return any(data.get(f"education-{name}", "").strip() for name in EducationForm.Meta.fields)


def _save_editor(request, member, *, pressed, education_row=None):
    """Saves what the editor sent, whichever of its buttons was pressed, and answers.

    The page is one form: the photo's and education's buttons send the profile data too, and
    its save button sends the photo chosen and the education typed. `pressed` is the part the
    button is for ("profile", "photo", "remove_photo", "education", "delete_education"): that
    part must be filled in; the others are saved when they came (the profile, with its marker
    field) or were typed. Each part without errors is saved; a part with errors comes back as
    typed, its messages next to its fields. A photo the server cannot store (a full disk)
    saves nothing at all: the page comes back as sent, with a 503.
    """
    sent = {}
    if pressed == "profile" or PROFILE_MARKER in request.POST:
        prefetch_related_objects([member], "skills")
        sent["profile"] = ProfileForm(request.POST, instance=member)
    if pressed == "photo" or (pressed != "remove_photo" and "photo" in request.FILES):
        sent["photo"] = PhotoForm(request.POST, request.FILES)
    if pressed == "education" or _education_typed(request.POST):
        sent["education"] = EducationForm(request.POST, prefix="education")
    refused = {part for part, part_form in sent.items() if not part_form.is_valid()}
    valid = sent.keys() - refused
    saved = []

    # The photo first: when its files cannot be written, nothing else has changed yet.
    if "photo" in valid:
        try:
            profiles.replace_photo(
                member=member, versions=sent["photo"].versions, changed_by=request.user
            )
        except images.ImageNotStored as error:
            sent["photo"].add_error("photo", error.message)
            messages.error(request, _("No guardamos la foto: revisa el mensaje junto al campo."))
            return _render_edit(
                request,
                Member.objects.select_related("user", "chapter").get(pk=member.pk),
                form=sent.get("profile"),
                photo_form=sent["photo"],
                education_form=sent.get("education"),
                status=503,
            )
        saved.append(_("Guardamos tu nueva foto."))
    if pressed == "remove_photo" and profiles.remove_photo(member=member, changed_by=request.user):
        saved.append(_("Quitamos tu foto."))
    if "profile" in valid:
        form = sent["profile"]
        changed = profiles.save_profile(
            form=form, skill_names=form.cleaned_data["skills"], changed_by=request.user
        )
        if changed or pressed == "profile":
            saved.append(_("Guardamos los cambios de tu perfil."))
    if "education" in valid:
        profiles.add_education(member=member, form=sent["education"], changed_by=request.user)
        saved.append(_("Agregamos la formación a tu perfil."))
    if education_row is not None:
        profiles.delete_education(education=education_row, changed_by=request.user)
        saved.append(_("Quitamos la formación de tu perfil."))

    for message in saved:
        messages.success(request, message)
    if not refused:
        return redirect("members:profile_edit")
    if "profile" in refused and pressed != "profile":
        messages.error(
            request, _("No guardamos los cambios de tu perfil: revisa los campos marcados.")
        )
    if "photo" in refused:
        messages.error(request, _("No guardamos la foto: revisa el mensaje junto al campo."))
    if "education" in refused:
        messages.error(
            request, _("No agregamos la formación: revisa los mensajes junto a sus campos.")
        )
    # A refused profile form's instance holds the refused values: show the saved ones around it.
    return _render_edit(
        request,
        Member.objects.select_related("user", "chapter").get(pk=member.pk),
        form=sent["profile"] if "profile" in refused else None,
        photo_form=sent["photo"] if "photo" in refused else None,
        education_form=sent["education"] if "education" in refused else None,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile_edit(request):
    """A talent's profile editor; participants have no profile and are sent to their home (their
    POST is refused)."""
    if request.method != "POST" and is_participant(request.user):
        return redirect("members:home")
    member = _own_member(request)
    if member is None:
        return redirect("members:onboarding")
    if request.method == "POST":
        return _save_editor(request, member, pressed="profile")
    return _render_edit(request, member)


@require_POST
@login_required
def photo(request):
    member = _own_member(request)
    if member is None:
        return redirect("members:onboarding")
    pressed = "remove_photo" if request.POST.get("action") == "remove" else "photo"
    return _save_editor(request, member, pressed=pressed)


@require_POST
@login_required
def education_add(request):
    member = _own_member(request)
    if member is None:
        return redirect("members:onboarding")
    return _save_editor(request, member, pressed="education")


@require_POST
@login_required
def education_delete(request, pk):
    member = _own_member(request)
    if member is None:
        return redirect("members:onboarding")
    education = get_object_or_404(Education, pk=pk, member=member)
    return _save_editor(request, member, pressed="delete_education", education_row=education)


@require_safe
@login_required
def skill_suggestions(request):
    """Existing skills for a <datalist>; the query is the last comma-separated tag typed.

    The htmx request sends the input's own value (`skills`); `q` serves a plain link.
    """
    text = request.GET.get("q", request.GET.get("skills", ""))[:2000]
    typed = text.split(",")
    key = profiles.skill_key(typed[-1])
    suggestions = []
    if key and len(key) <= profiles.SKILL_MAX_LENGTH:
        earlier = [profiles.clean_skill_name(part) for part in typed[:-1]]
        earlier = [name for name in earlier if name]
        taken = {profiles.skill_key(name) for name in earlier}
        skills = (
            Skill.objects.filter(key__contains=key)
            .exclude(key__in=taken)
            .annotate(
                rank=Case(
                    When(key__startswith=key, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("rank", "key")[:SUGGESTIONS_MAX]
        )
        prefix = ", ".join(earlier)
        suggestions = [
            {"value": f"{prefix}, {skill.name}" if prefix else skill.name, "label": skill.name}
            for skill in skills
        ]
    return render(request, "members/_profile_skill_options.html", {"suggestions": suggestions})


def _choice_labels(choices, values):
    labels = dict(choices)
    return [labels[value] for value in values if value in labels]


def _profile_lists(member):
    """Sectors, skill names and education rows of a profile in one query (the page has a query
    budget)."""
    row = (
        Member.objects.filter(pk=member.pk)
        .values(
            sector_rows=ArraySubquery(
                Sector.objects.filter(member=OuterRef("pk"))
                .order_by("position", "name")
                .values(row=JSONObject(id="id", name="name", name_en="name_en", slug="slug"))
            ),
            skill_names=ArraySubquery(
                Skill.objects.filter(member=OuterRef("pk")).order_by("name").values("name")
            ),
            education_rows=ArraySubquery(
                Education.objects.filter(member=OuterRef("pk"))
                .order_by("-year", "id")
                .values(
                    row=JSONObject(
                        degree="degree", field="field", institution="institution", year="year"
                    )
                )
            ),
        )
        .get()
    )
    sectors = [Sector(**fields) for fields in row["sector_rows"]]
    education = [Education(member=member, **fields) for fields in row["education_rows"]]
    return sectors, row["skill_names"], education


def _introduction_call(user, member):
    """What a viewer who may not ask for an introduction is told instead of the button: visitors
    how to sign in or join, an account still onboarding to finish it, participants what is theirs.
    Nothing when the member takes no requests at all (paused, or none a month)."""
    if member.intro_paused or member.intro_monthly_limit == 0:
        return ""
    if not user.is_authenticated:
        return "sign_in"
    if needs_onboarding(user):
        return "onboarding"
    if is_participant(user):
        return "participant"
    return ""


@require_safe
@cached_for_visitors
def member_detail(request, slug):
    member, level = get_member_for_viewer(request, slug)
    groups = visible_groups(member, level)
    is_owner = request.user.is_authenticated and member.user_id == request.user.pk
    sectors, skills, education = [], [], []
    if groups & {"expertise", "education"}:
        sectors, skills, education = _profile_lists(member)
    # PNCS staff (staff level) and IME admins (owner level, with MFA) are logged and capped.
    if level >= STAFF and not is_owner:
        if not staff_view_allowed(request.user, member):
            return render(
                request,
                "members/staff_cap_reached.html",
                {"cap": settings.PNCS_DAILY_PROFILE_VIEWS},
                status=429,
            )
        StaffAccess.objects.create(
            viewer=request.user,
            member=member,
            kind=StaffAccess.Kind.PROFILE_VIEW,
            detail={"groups": sorted(groups)},
        )
    context = {
        "member": member,
        "groups": groups,
        "is_owner": is_owner,
        "can_request_introduction": not is_owner
        and request.user.is_authenticated
        and can_request_introduction(request.user),
        "introduction_call": "" if is_owner else _introduction_call(request.user, member),
        "sectors": sectors if "expertise" in groups else [],
        "skills": skills,
        "education": education,
        "languages": _choice_labels(Language.choices, member.languages),
        "offers": _choice_labels(ContributionOffer.choices, member.contribution_offers),
        "visibility_summary": [
            (label, getattr(member, f"get_visibility_{group}_display")())
            for group, label in VISIBILITY_LABELS.items()
        ]
        if is_owner
        else [],
    }
    return render(request, "members/member_detail.html", context)
