"""What the mentoring's admin pages share (admin.py and mentorship_admin.py): people by name, a
save of only what the form changed, the link to the site, read-only inlines, and the releases of
a mentor or a mentee."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .personal_data import release_as_mentee, release_as_mentor


def _name(user):
    return (user.get_full_name() or "—") if user is not None else "—"


def _save_changed(obj, form, change):
    """Saves what the form changed, and only that: the services change a row's status and an
    offer's load under a lock, and a whole-row save would write back what the page read."""
    if not change:
        obj.save()
        return
    concrete = {f.name for f in obj._meta.concrete_fields}
    fields = [name for name in form.changed_data if name in concrete]
    if fields:
        obj.save(update_fields=[*fields, "updated_at"])


def _page_link(obj):
    if obj is None or obj.pk is None:
        return "—"
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Abrir en el sitio"))


def _end_mentor(request, mentorships, note=None):
    note = note or _("El IME retiró a la persona mentora del programa.")
    release_as_mentor(mentorships, actor=request.user, note=str(note))


def _end_mentee(requests):
    release_as_mentee(requests, note=str(_("El IME eliminó la solicitud de mentoría.")))
