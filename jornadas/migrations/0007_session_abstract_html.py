"""Each session keeps its abstract as sanitised HTML, written when the session is saved; the
sessions saved before this migration get theirs here."""

from django.db import migrations, models

from redtalentos.lib.markdown import render_markdown


def render_abstracts(apps, schema_editor):
    Session = apps.get_model("jornadas", "Session")
    sessions = list(Session.objects.exclude(abstract="").only("pk", "abstract"))
    for session in sessions:
        session.abstract_html = str(render_markdown(session.abstract))
    Session.objects.bulk_update(sessions, ["abstract_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("jornadas", "0006_after_the_edition"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="abstract_html",
            field=models.TextField(blank=True, editable=False, verbose_name="resumen en HTML"),
        ),
        migrations.RunPython(render_abstracts, migrations.RunPython.noop),
    ]
