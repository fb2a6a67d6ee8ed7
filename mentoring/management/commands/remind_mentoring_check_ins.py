"""Reminds each side of an active mentorship to write their part of last month's check-in, once
per month and side. A scheduler runs it daily; running it twice sends nothing more."""

from django.core.management.base import BaseCommand

from mentoring.checkin_services import remind_check_ins


class Command(BaseCommand):
    help = (
        "Recuerda por correo a cada lado de una mentoría activa que escriba su parte del "
        "seguimiento del mes pasado (avance de quien recibe la mentoría; retroalimentación y horas "
        "del mentor), una vez por mes y por lado. Idempotente."
    )

    def handle(self, *args, **options):
        sent = remind_check_ins()
        self.stdout.write(f"remind_mentoring_check_ins: {sent} reminders sent")
