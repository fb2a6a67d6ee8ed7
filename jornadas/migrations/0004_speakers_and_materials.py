# Speaker invitations (on members' introductions), session materials and their access log.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import redtalentos.lib.documents


class Migration(migrations.Migration):
    dependencies = [
        ("jornadas", "0003_registration"),
        ("members", "0010_staff_cap_lift_kept_without_account"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SessionMaterial",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("title", models.CharField(max_length=200, verbose_name="título")),
                (
                    "file",
                    models.FileField(
                        max_length=200,
                        storage=redtalentos.lib.documents.private_storage,
                        upload_to=redtalentos.lib.documents.UploadTo("jornadas/materials"),
                        verbose_name="archivo",
                    ),
                ),
                ("size", models.PositiveIntegerField(default=0, verbose_name="tamaño en bytes")),
                ("pages", models.PositiveIntegerField(default=0, verbose_name="páginas")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="subido")),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="materials",
                        to="jornadas.session",
                        verbose_name="sesión",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="jornadas_materials",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="subido por",
                    ),
                ),
            ],
            options={
                "verbose_name": "material de una sesión",
                "verbose_name_plural": "materiales de las sesiones",
                "ordering": ["session__starts_at", "session_id", "created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="MaterialAccess",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("speaker", "Ponente de la sesión"),
                            ("ime", "IME"),
                            ("pncs", "Personal del PNCS del sector"),
                            ("public", "Público (materiales publicados)"),
                        ],
                        max_length=10,
                        verbose_name="como",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="fecha")),
                (
                    "viewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="jornadas_material_accesses",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="quién",
                    ),
                ),
                (
                    "material",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="accesses",
                        to="jornadas.sessionmaterial",
                        verbose_name="material",
                    ),
                ),
            ],
            options={
                "verbose_name": "descarga de material",
                "verbose_name_plural": "descargas de materiales",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="SpeakerInvitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("speaker", "Ponente"), ("moderator", "Moderación")],
                        default="speaker",
                        max_length=10,
                        verbose_name="papel",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="enviada")),
                (
                    "introduction",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="speaker_invitation",
                        to="members.introductionrequest",
                        verbose_name="solicitud de presentación",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="speaker_invitations",
                        to="jornadas.session",
                        verbose_name="sesión",
                    ),
                ),
            ],
            options={
                "verbose_name": "invitación como ponente",
                "verbose_name_plural": "invitaciones como ponente",
                "ordering": ["-created_at", "pk"],
            },
        ),
        migrations.AddIndex(
            model_name="sessionmaterial",
            index=models.Index(
                fields=["session", "created_at"], name="jornadas_material_session_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="materialaccess",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["speaker", "ime", "pncs", "public"])),
                name="jornadas_materialaccess_role_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="speakerinvitation",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["speaker", "moderator"])),
                name="jornadas_invitation_role_valid",
            ),
        ),
    ]
