# Check-in: a code for each confirmed registration (also for those confirmed before this
# migration), and when and by whom the person was checked in.

import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_codes(apps, schema_editor):
    Registration = apps.get_model("jornadas", "Registration")
    confirmed = Registration.objects.filter(status="confirmed", checkin_code__isnull=True)
    for registration in confirmed.only("pk").iterator(chunk_size=1000):
        Registration.objects.filter(pk=registration.pk).update(
            checkin_code=secrets.token_urlsafe(16)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("jornadas", "0004_speakers_and_materials"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="checked_in_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="asistencia registrada"
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="checked_in_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="asistencia registrada por",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="checkin_code",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="código de registro de asistencia",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("checked_in_at__isnull", True),
                    ("checkin_code__isnull", False),
                    _connector="OR",
                ),
                name="jornadas_registration_checked_in_with_a_code",
            ),
        ),
    ]
